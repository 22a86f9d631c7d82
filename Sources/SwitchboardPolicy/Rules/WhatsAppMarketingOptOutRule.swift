import SwitchboardCore
import SwitchboardLedger

/// `whatsapp_marketing_opt_out`: a WhatsApp contact who stopped marketing messages gets no marketing template
/// (Meta refuses them with 131050); utility, authentication and service messages still go. The stop comes
/// from the contact's opt-out, or from a 131050 the provider answered for this contact (until a later opt-in).
public struct WhatsAppMarketingOptOutRule: PolicyRule {
    public let name = "whatsapp_marketing_opt_out"
    public init() {}

    /// The provider's 131050 for this contact, unless an opt-in or consent came after it.
    static func marketingStopped(_ context: PolicyContext) -> AccountStatus.ProblemNote? {
        guard let note = context.account.contact.providerProblem, note.code == "131050" else { return nil }
        let laterOptIn = [context.conversation.consentAt, context.account.contact.consent?.at].contains { $0.map { $0 > note.at } ?? false }
        return laterOptIn ? nil : note
    }

    public func evaluate(_ context: PolicyContext) -> RuleVerdict {
        guard context.conversation.channel == .whatsapp, let template = context.resolvedTemplate,
            (template.category ?? CostCategory.marketing.rawValue) == CostCategory.marketing.rawValue
        else { return .notApplicable }
        if context.conversation.optedOut {
            return refuse(
                "marketing_opted_out", "the contact stopped marketing messages on WhatsApp (Meta answers 131050)",
                remedy: "send only utility, authentication or service messages to this contact")
        }
        guard let note = Self.marketingStopped(context) else { return .notApplicable }
        return refuse(
            "marketing_opted_out",
            "the provider answered 131050 for this contact \(context.ago(note.at)): they stopped marketing messages on WhatsApp",
            remedy: "send only utility, authentication or service messages to this contact (until they opt in again)")
    }
}
