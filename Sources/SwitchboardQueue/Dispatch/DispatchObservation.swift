import SwitchboardCore

/// What one send attempt led to, reported to the ``Dispatcher``'s observer (the gateway turns it into metrics).
public struct DispatchObservation: Sendable, Hashable {
    /// The configured connection name.
    public var connection: String
    /// `sent`, `retry`, `failed`, `dead` or `refused`.
    public var outcome: String
    /// For `sent`: the time from queueing (the first time, for a redriven message) to the provider's acceptance.
    public var enqueueToSent: Duration?

    public init(connection: String, outcome: String, enqueueToSent: Duration? = nil) {
        self.connection = connection
        self.outcome = outcome
        self.enqueueToSent = enqueueToSent
    }

    /// The observation for `record` once the state machine moved to `state` at `at`.
    init(record: OutboundRecord, state: OutboundQueueState, at: Timestamp) {
        let outcome =
            switch state {
            case .retryWait: "retry"
            default: state.rawValue
            }
        let (elapsed, overflow) = at.milliseconds.subtractingReportingOverflow(record.createdAt.milliseconds)
        // Held within a century: whatever the stored times say, the figure stays one a metric can hold.
        let latency = state == .sent && !overflow ? Duration.milliseconds(min(max(0, elapsed), 3_155_760_000_000)) : nil
        self.init(connection: record.connection, outcome: outcome, enqueueToSent: latency)
    }
}
