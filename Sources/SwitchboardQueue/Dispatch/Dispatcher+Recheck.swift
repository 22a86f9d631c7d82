import Logging
import SwitchboardCore

/// The policy checked again at dispatch: a message that waited (a backlog, rate limits, retries) and would now
/// break a rule is not sent.
extension Dispatcher {
    /// Asks the ``DispatchRecheck`` whether the claimed `record` may still be sent; `true` to send it now.
    ///
    /// A refusal ends the message `refused` in one compare-and-set transition carrying the ``DispatchRefusal``
    /// (the store releases its hold and tells the subscribers in the same transaction). When the policy's state
    /// could not be read, sending is not known to be safe: the attempt is retried later like a temporary failure,
    /// never refused on a read failure.
    func checkedAgain(_ record: OutboundRecord, machine: SendStateMachine<WallClock>) async -> Bool {
        guard let recheck else { return true }
        let verdict = await recheck(record, clock.now.timestamp)
        switch verdict {
        case .send:
            return true
        case .refuse(let code, let rule, let message, let remedy):
            await refuse(record, machine: machine, refusal: DispatchRefusal(code: code, rule: rule, message: message, remedy: remedy))
        case .retryLater(let reason):
            logger.warning(
                "could not check the policy again before a send; the message is retried later",
                metadata: ["switchboard.message": "\(record.id)", "switchboard.error": "\(reason)"])
            let failure = DeliveryFailure(category: .temporary, message: "the policy could not be checked again before the send: \(reason)")
            await conclude(record, machine: machine, outcome: .retry(after: nil, failure: failure))
        }
        return false
    }

    /// Ends the claimed `record` `refused` by `refusal`, with a history line naming the rule.
    func refuse(_ record: OutboundRecord, machine: SendStateMachine<WallClock>, refusal: DispatchRefusal) async {
        var machine = machine
        let now = clock.now
        let action = machine.handle(.refusedByPolicy(refusal.failure, at: now))
        var transition =
            record.transition(after: machine, action: action, at: now.timestamp)
            ?? record.deadLetter(
                reason: "the send state machine could not apply the policy's refusal (\(action)); dead-lettered rather than sent",
                failure: refusal.failure, attempts: machine.attempts, providerMessageID: nil, at: now.timestamp)
        if transition.state == .refused {
            transition.refusal = refusal
            transition.history?.detail = "refused at dispatch by the rule \(refusal.rule)"
        }
        logger.notice(
            "the policy refused a message at dispatch; it is not sent",
            metadata: ["switchboard.message": "\(record.id)", "switchboard.rule": "\(refusal.rule)", "switchboard.code": "\(refusal.code)"])
        if let state = await persist(transition, for: record, at: now.timestamp) {
            observer?(DispatchObservation(record: record, state: state, at: now.timestamp))
        }
    }
}
