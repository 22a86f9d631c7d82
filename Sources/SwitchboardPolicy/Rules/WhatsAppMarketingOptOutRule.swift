import SwitchboardCore

/// `whatsapp_marketing_opt_out`: a WhatsApp contact who stopped marketing messages gets no marketing template
/// (Meta refuses them with 131050); utility, authentication and service messages still go.
public struct WhatsAppMarketingOptOutRule: PolicyRule {
    public let name = "whatsapp_marketing_opt_out"
    public init() {}

    public func evaluate(_ context: PolicyContext) -> RuleVerdict {
        guard context.conversation.channel == .whatsapp, context.conversation.optedOut, context.template != nil,
            context.cost.category == .marketing
        else { return .notApplicable }
        return refuse(
            "marketing_opted_out", "the contact stopped marketing messages on WhatsApp (Meta answers 131050)",
            remedy: "send only utility, authentication or service messages to this contact")
    }
}
