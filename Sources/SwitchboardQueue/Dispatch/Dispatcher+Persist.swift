import Logging
import SwitchboardCore

/// How one write of a transition ended.
enum TransitionWrite {
    case applied
    /// The row was no longer as read (redriven, or its lease taken over by another node): its state stands.
    case superseded
    /// The store threw on every try; the last error.
    case refused(any Error)
}

extension Dispatcher {
    /// Persists what the state machine decided for `record` (read in its stored state) at `now`.
    ///
    /// When the store keeps refusing the write, the message ends `dead` with the store's error as the
    /// reason: it must neither stay `queued` (and be sent again on every round) nor crash the process. When
    /// even that cannot be written, the message is kept out of this process's rounds (its conversation with
    /// it) and the problem is logged as critical. Returns the state to report for the attempt, or `nil` when
    /// nothing about it could be recorded.
    func persist(_ transition: OutboundTransition, for record: OutboundRecord, at now: Timestamp) async -> OutboundQueueState? {
        let error: any Error
        switch await write(transition, messageID: record.id) {
        case .applied:
            return transition.state
        case .superseded:
            logger.notice(
                "the outcome of a send was not recorded: the message changed meanwhile (redriven, or taken over by another node)",
                metadata: ["switchboard.message": "\(record.id)", "switchboard.state": "\(transition.state)"])
            return transition.state
        case .refused(let refusal):
            error = refusal
        }
        let reason = "the store refused to record the outcome (\(transition.state)): \(error)"
        logger.error(
            "the store refused a send outcome; the message is dead-lettered",
            metadata: ["switchboard.message": "\(record.id)", "switchboard.error": "\(error)"])
        let letter = record.deadLetter(
            reason: reason, failure: transition.failure, attempts: transition.attempts, providerMessageID: transition.providerMessageID,
            at: now)
        switch await write(letter, messageID: record.id) {
        case .applied: return .dead
        case .superseded: return nil
        case .refused(let second):
            refused.withLock { _ = $0.insert(record.id) }
            logger.critical(
                "the store refuses every write for a message: this process no longer sends it or its conversation (a restart tries again)",
                metadata: ["switchboard.message": "\(record.id)", "switchboard.error": "\(second)"])
            return nil
        }
    }

    /// Writes `transition` up to ``DispatcherSettings/persistAttempts`` times, backing off from 50 ms to 2 s.
    func write(_ transition: OutboundTransition, messageID: String) async -> TransitionWrite {
        let tries = max(1, settings.persistAttempts)
        var delay = Duration.milliseconds(50)
        var last: any Error = CancellationError()
        for number in 1...tries {
            do {
                return try await store.applyOutbound([transition]).first == true ? .applied : .superseded
            } catch {
                last = error
                logger.warning(
                    "could not write a send outcome",
                    metadata: ["switchboard.message": "\(messageID)", "switchboard.try": "\(number)", "switchboard.error": "\(error)"])
            }
            guard number < tries else { break }
            // Only cancellation (the dispatcher stopping) ends the sleep early; the next try follows at once.
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(2))
        }
        return .refused(last)
    }
}

extension OutboundRecord {
    /// The transition that ends this message (read in its stored state) `dead` with `reason`: used when its
    /// real transition cannot be computed or stored.
    func deadLetter(
        reason: String, failure: DeliveryFailure?, attempts: Int, providerMessageID: String?, at now: Timestamp
    ) -> OutboundTransition {
        OutboundTransition(
            id: id, expectedState: state, expectedAttempts: self.attempts, state: .dead, attempts: attempts, nextAttemptAt: now,
            providerMessageID: providerMessageID, failure: failure ?? lastFailure, deadReason: reason,
            history: OutboundHistoryEntry(
                status: "dead", at: now, errorCode: failure?.providerCode, message: reason, detail: failure?.category.rawValue))
    }
}
