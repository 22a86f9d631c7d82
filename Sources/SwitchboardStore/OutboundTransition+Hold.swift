import SwitchboardLedger
import SwitchboardQueue

extension OutboundTransition {
    /// What the transition does to the message's hold (``HoldRecord/resolution(of:)``): `sent` settles a hold that
    /// settles on send; `failed`, `dead` and `refused` abandon it (released, attachment bytes given back); the other
    /// states leave it. Both stores apply it in the transaction that writes the transition.
    public var holdEvent: HoldEvent? {
        switch state {
        case .sent:
            return .sent
        case .failed, .dead, .refused:
            let reason =
                refusal.map { "refused at dispatch: \($0.code)" } ?? deadReason ?? failure?.message ?? "send \(state.rawValue)"
            return .abandoned(reason: reason)
        case .queued, .sending, .retryWait:
            return nil
        }
    }
}
