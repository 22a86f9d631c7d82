import SwitchboardCore

/// `consent`: where the account requires it, a business-initiated message (the contact has not written
/// within the service window) needs the contact's recorded opt-in, not withdrawn since.
public struct ConsentRule: PolicyRule {
    public let name = "consent"
    public var refusalBlocksContact: Bool { true }
    public init() {}

    /// Whether the conversation holds an opt-in that no later opt-out withdrew.
    public static func hasConsent(_ conversation: ConversationState) -> Bool {
        guard let consent = conversation.consentAt else { return false }
        if conversation.optedOut, let optOut = conversation.optedOutAt, optOut >= consent { return false }
        return true
    }

    public func evaluate(_ context: PolicyContext) -> RuleVerdict {
        guard context.account.consentRequired, context.isBusinessInitiated else { return .notApplicable }
        guard Self.hasConsent(context.conversation) else {
            let window = HumanText.length(context.configuration.serviceWindow)
            return refuse(
                "consent_missing",
                "the contact has not written in the last \(window), so this is a business-initiated message, and the account "
                    + "requires an opt-in this contact has not given",
                remedy: "collect the contact's opt-in first, or wait for the contact to write")
        }
        return .notApplicable
    }
}
