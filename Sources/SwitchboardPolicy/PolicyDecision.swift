import SwitchboardCore

/// The policy engine's answer for one message: allowed or refused (and by which rule, with the numbers and
/// the remedy), plus for every decision the window state, what may still be sent, and the cost estimate.
public struct PolicyDecision: Sendable, Hashable {
    /// Allowed (by a rule, with its explanation) or refused.
    public enum Verdict: Sendable, Hashable {
        case allowed(rule: String, message: String)
        case refused(PolicyRefusal)
    }

    public var verdict: Verdict
    /// The windows at the time of the decision.
    public var window: WindowInfo
    /// What may be sent to this contact now: `free_form`, `template`, `tag:HUMAN_AGENT until <time>`,
    /// `tag:ACCOUNT_UPDATE (non-promotional)`, `private_reply:<comment id> until <time>`. Empty when nothing may.
    public var allowedNow: [String]
    /// The estimated cost of this message.
    public var cost: CostEstimate
    /// What the ledger holds for this decision: money, quota, messaging limit, template status, contact cap.
    public var ledger: DecisionLedger

    public init(verdict: Verdict, window: WindowInfo, allowedNow: [String], cost: CostEstimate, ledger: DecisionLedger = DecisionLedger()) {
        self.verdict = verdict
        self.window = window
        self.allowedNow = allowedNow
        self.cost = cost
        self.ledger = ledger
    }

    /// Whether the message may be sent.
    public var isAllowed: Bool {
        if case .allowed = verdict { return true }
        return false
    }

    /// The refusal, when refused.
    public var refusal: PolicyRefusal? {
        if case .refused(let refusal) = verdict { return refusal }
        return nil
    }

    /// The rule that decided.
    public var rule: String {
        switch verdict {
        case .allowed(let rule, _): rule
        case .refused(let refusal): refusal.rule
        }
    }

    /// The decision in a sentence.
    public var message: String {
        switch verdict {
        case .allowed(_, let message): message
        case .refused(let refusal): refusal.message
        }
    }

    /// The canonical JSON of `POST /v1/messages/check` (and, for a refusal, the body of the `422`):
    /// `{allowed, code?, rule, message, remedy?, window{...}, allowed_now[...], cost{...}, ledger{...}}`.
    public var json: JSONValue {
        var object = JSONObject()
        object.set("allowed", .bool(isAllowed))
        object.set("code", refusal.map { .string($0.code) })
        object.set("rule", .string(rule))
        object.set("message", .string(message))
        object.set("remedy", refusal?.remedy.map(JSONValue.string))
        object.set("window", window.json)
        object.set("allowed_now", .array(allowedNow.map(JSONValue.string)))
        object.set("cost", cost.json)
        object.set("ledger", ledger.json)
        return .object(object)
    }
}
