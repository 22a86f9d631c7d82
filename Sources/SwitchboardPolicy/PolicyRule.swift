import SwitchboardCore

/// One named rule of the policy engine. Rules are pure: they read the ``PolicyContext`` and return a verdict.
public protocol PolicyRule: Sendable {
    /// Stable name, reported as `rule` in every decision (`whatsapp_window`, `prepaid_balance`, ...).
    var name: String { get }
    /// Whether a refusal by this rule means nothing at all may be sent to the contact now (blocklist, STOP,
    /// a contact that never started the bot): the decision's `allowed_now` is then empty.
    var refusalBlocksContact: Bool { get }
    /// The rule's verdict on the message.
    func evaluate(_ context: PolicyContext) -> RuleVerdict
}

extension PolicyRule {
    public var refusalBlocksContact: Bool { false }

    /// A refusal by this rule.
    func refuse(_ code: String, _ message: String, remedy: String?) -> RuleVerdict {
        .refuse(PolicyRefusal(code: code, rule: name, message: message, remedy: remedy))
    }
}

/// What one rule says about a message.
public enum RuleVerdict: Sendable, Hashable {
    /// The rule does not concern this message (another channel, no attachments, ...).
    case notApplicable
    /// The rule concerns the message and lets it through; the sentence explains why (shown when this rule is
    /// the one that decided).
    case allow(String)
    /// The rule refuses the message.
    case refuse(PolicyRefusal)
}

/// Why a message was refused: stable code, the rule, a sentence with the numbers, and what to do instead.
public struct PolicyRefusal: Sendable, Hashable, Error {
    /// Stable machine-readable code (`window_closed`, `balance_exhausted`, ...).
    public var code: String
    /// The rule's name.
    public var rule: String
    /// What is wrong, with the numbers ("the 24 h window closed 3 h ago").
    public var message: String
    /// What to do instead ("send an approved template"), where there is something.
    public var remedy: String?

    public init(code: String, rule: String, message: String, remedy: String?) {
        self.code = code
        self.rule = rule
        self.message = message
        self.remedy = remedy
    }

    /// The refusal as a ``SwitchboardError`` (same code, message and remedy in one line).
    public var error: SwitchboardError {
        SwitchboardError(code: SwitchboardError.Code(rawValue: code), message: remedy.map { "\(message); \($0)" } ?? message)
    }
}
