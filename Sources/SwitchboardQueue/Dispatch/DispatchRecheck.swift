import SwitchboardCore

/// The policy asked again right before a send: given the message as stored and the time, whether it may still
/// go out. The ``Dispatcher`` asks it after the rate limiter let the attempt start and before the adapter encodes
/// it, on every attempt (a message that waited in a backlog or in retries may no longer be allowed).
public typealias DispatchRecheck = @Sendable (OutboundRecord, Timestamp) async -> DispatchRecheckVerdict

/// The answer of a ``DispatchRecheck``.
public enum DispatchRecheckVerdict: Sendable, Hashable {
    /// Still allowed: send it.
    case send
    /// The policy's rule `rule` refuses it now (its stable `code`, the explanation and the remedy): it ends
    /// `refused`, never sent, and its subscribers are told.
    case refuse(code: String, rule: String, message: String, remedy: String?)
    /// What the policy reads could not be read (the store failed): sending is not known to be safe, refusing is
    /// not known to be right. The attempt is retried later like a temporary failure.
    case retryLater(reason: String)

    /// The refusal, for ``refuse(code:rule:message:remedy:)``.
    public var refusal: DispatchRefusal? {
        guard case .refuse(let code, let rule, let message, let remedy) = self else { return nil }
        return DispatchRefusal(code: code, rule: rule, message: message, remedy: remedy)
    }
}

/// Why the policy refused a message at dispatch: carried by the ``OutboundTransition`` into `refused`, so the
/// store can release the message's hold and tell the subscribers in the same transaction.
public struct DispatchRefusal: Sendable, Hashable {
    /// The policy's refusal code (`window_closed`, `template_paused`, `blocklisted`, …).
    public var code: String
    /// The rule that refused (`whatsapp_window`, `template_approval`, `blocklist`, …).
    public var rule: String
    /// What the rule found, in a sentence.
    public var message: String
    /// What a person can do about it, where the rule says.
    public var remedy: String?

    public init(code: String, rule: String, message: String, remedy: String?) {
        self.code = code
        self.rule = rule
        self.message = message
        self.remedy = remedy
    }

    /// The explanation and the remedy in one text (`"<explanation> — <remedy>"`).
    public var detail: String { remedy.map { "\(message) — \($0)" } ?? message }

    /// The message's last failure: category `policy_refused`, the refusal code as the code, ``detail`` as the text.
    public var failure: DeliveryFailure { DeliveryFailure(category: .policyRefused, providerCode: code, message: detail) }
}
