import SwitchboardCore
import SwitchboardLedger

/// `consent`: where the account requires it, a business-initiated message (the contact has not written
/// within the service window) needs the contact's opt-in, not withdrawn since: one the provider reported, or
/// one the operator recorded with its evidence (`PUT /v1/conversations/{conversation}/consent`).
public struct ConsentRule: PolicyRule {
    public let name = "consent"
    public var refusalBlocksContact: Bool { true }
    public init() {}

    /// Whether the conversation holds an opt-in that no later opt-out withdrew.
    public static func hasConsent(_ conversation: ConversationState) -> Bool {
        guard let consent = conversation.consentAt else { return false }
        return !withdrawn(conversation, after: consent)
    }

    /// Whether the provider's opt-in or the operator's consent record holds, with no later opt-out.
    public static func hasConsent(_ conversation: ConversationState, contact: ContactFlags) -> Bool {
        if hasConsent(conversation) { return true }
        guard let record = contact.consent else { return false }
        return !withdrawn(conversation, after: record.at)
    }

    private static func withdrawn(_ conversation: ConversationState, after consent: Timestamp) -> Bool {
        guard conversation.optedOut, let optOut = conversation.optedOutAt else { return false }
        return optOut >= consent
    }

    public func evaluate(_ context: PolicyContext) -> RuleVerdict {
        guard context.account.consentRequired, context.isBusinessInitiated else { return .notApplicable }
        guard Self.hasConsent(context.conversation, contact: context.account.contact) else {
            let window = HumanText.length(context.configuration.serviceWindow)
            return refuse(
                "consent_missing",
                "the contact has not written in the last \(window), so this is a business-initiated message, and the account "
                    + "requires an opt-in this contact has not given (or withdrew)",
                remedy: "collect the contact's opt-in first and record it (PUT /v1/conversations/{conversation}/consent), "
                    + "or wait for the contact to write")
        }
        return .notApplicable
    }
}
