import SwitchboardCore

/// Decides whether an outbound message may go out now, and explains the decision.
///
/// A value type holding its configuration and its ordered list of rules. Pure and deterministic: the clock
/// is the `now` parameter, and nothing is read or written outside the arguments. The first rule that refuses
/// decides; when none refuses, the first rule that explains why the message is allowed decides (the window
/// rule of the channel, usually).
public struct PolicyEngine: Sendable {
    public var configuration: PolicyConfiguration
    /// The rules, in the order they are asked.
    public var rules: [any PolicyRule]

    /// An engine with the standard rules.
    public init(configuration: PolicyConfiguration = .standard) {
        self.init(configuration: configuration, rules: PolicyEngine.standardRules)
    }

    /// An engine with a chosen set of rules.
    public init(configuration: PolicyConfiguration, rules: [any PolicyRule]) {
        self.configuration = configuration
        self.rules = rules
    }

    /// Every rule Switchboard knows, in the order they are asked: who the contact is and whether they can be
    /// reached first, then the windows, then the content, then the account's limits and money.
    public static let standardRules: [any PolicyRule] = [
        BlocklistRule(), ContactReachabilityRule(), TelegramStartedRule(), SMSOptOutRule(), WhatsAppMarketingOptOutRule(),
        ConsentRule(), AccountRestrictionRule(), PrivateReplyRule(), WhatsAppWindowRule(), MessengerWindowRule(), InstagramWindowRule(),
        TemplateApprovalRule(), TemplateHeaderMediaRule(), TextLengthRule(), AttachmentTypeRule(), AttachmentQuotaRule(), ContactCapRule(),
        MessagingLimitRule(), PrepaidBalanceRule(),
    ]

    /// The decision for `message` in `conversation` for `account` at `now`.
    public func decide(message: OutboundMessage, conversation: ConversationState, account: AccountState, now: Timestamp)
        -> PolicyDecision
    {
        decide(PolicyContext(message: message, conversation: conversation, account: account, now: now, configuration: configuration))
    }

    /// The decision for a prepared context, asking `rules` (by default every rule of the engine).
    public func decide(_ context: PolicyContext, rules: [any PolicyRule]? = nil) -> PolicyDecision {
        let message = context.message
        let ledger = DecisionLedger(context)
        var explanation: (rule: String, message: String)?
        for rule in rules ?? self.rules {
            switch rule.evaluate(context) {
            case .notApplicable:
                continue
            case .allow(let sentence):
                if explanation == nil { explanation = (rule.name, sentence) }
            case .refuse(let refusal):
                let allowed = rule.refusalBlocksContact ? [] : AllowedNow.compute(context)
                return PolicyDecision(
                    verdict: .refused(refusal), window: context.window, allowedNow: allowed, cost: context.cost, ledger: ledger)
            }
        }
        let decided = explanation ?? ("default", "no rule restricts this message on \(message.channel.rawValue)")
        return PolicyDecision(
            verdict: .allowed(rule: decided.rule, message: decided.message), window: context.window,
            allowedNow: AllowedNow.compute(context), cost: context.cost, ledger: ledger)
    }

    /// Looks a rule up by name.
    public func rule(named name: String) -> (any PolicyRule)? { rules.first { $0.name == name } }
}
