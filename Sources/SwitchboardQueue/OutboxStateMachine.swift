import SwitchboardCore

/// The life of one item of an outbox, as a pure state machine: an outbound message in the send queue, or an
/// event's delivery to a subscriber (docs/operations.md "Delivery to subscribers"). Both queues run on it.
///
/// ```
/// queued ──claimed──▶ sending ──sent──────────────▶ sent
///    ▲                  │  ├──retry (attempts left)──▶ retry-wait ──claimed (when due)──▶ sending
///    │                  │  ├──retry (no attempt left, or older than the give-up age), reauthorize──▶ dead
///    │                  │  ├──failed, window closed──────────▶ failed
///    │                  │  ├──refused by the policy checked again before the send──▶ refused (never sent)
///    │                  └──lease expired: like a retry (the outcome is unknown)
///    └──────────redrive──────── dead | failed
/// ```
/// A subscriber delivery is an item whose outcome is only ever `sent` (a 2xx) or `retry` (anything else, with the
/// subscriber's `Retry-After`), whose policy allows unlimited attempts and whose ``RetryPolicy/giveUpAfter`` age,
/// counted from ``retryingSince``, parks it as a dead letter.
///
/// The shell (``OutboxWorker`` with the dispatcher or the subscriber router as its workload) feeds it events and performs the actions it returns: it persists every new
/// state, calls the adapter and the transport for `.send`, and so on. Generic over the clock; it never reads
/// the clock itself (every event carries its instant).
///
/// No outcome can make it trap: a provider's retry-after is brought into `0...retryPolicy.maxDelay` by
/// ``RetryPolicy/retryAfter(seconds:)`` (negative and NaN are none, huge and infinite the maximum delay).
public struct OutboxStateMachine<C: Clock>: Sendable where C.Duration == Duration, C.Instant: Sendable {
    /// Where the message is.
    public enum State: Sendable, Hashable {
        case queued
        /// Handed to a worker that must report an outcome before `leaseUntil`.
        case sending(attempt: Int, leaseUntil: C.Instant)
        /// Waiting to be tried again, no earlier than `until`.
        case retryWait(attempt: Int, until: C.Instant, failure: DeliveryFailure)
        case sent(providerMessageID: String?)
        /// The provider refused it for good (invalid recipient, window closed, opted out).
        case failed(DeliveryFailure)
        /// Given up on (attempts exhausted, credentials invalid); kept with the reason, re-drivable.
        case dead(DeadLetter)
        /// Refused by the gateway's policy, checked again right before the send: never sent, not re-drivable.
        case refused(DeliveryFailure)
    }

    /// Something that happened to the message.
    public enum Event: Sendable, Hashable {
        /// A worker took the message to send it.
        case claimed(at: C.Instant)
        /// The adapter's reading of the provider's answer.
        case outcome(DeliveryOutcome, at: C.Instant)
        /// The worker's lease ran out with no outcome (crash, restart, hang).
        case leaseExpired(at: C.Instant)
        /// An operator asked to try a dead or failed message again.
        case redrive(at: C.Instant)
        /// The policy, asked again after the claim and before the send, refused the message.
        case refusedByPolicy(DeliveryFailure, at: C.Instant)
    }

    /// What the shell must do.
    public enum Action: Sendable, Hashable {
        /// Send attempt number `attempt` now; report an outcome before `leaseUntil`.
        case send(attempt: Int, leaseUntil: C.Instant)
        /// Persist `retry-wait`; claim the message again at `at`. `failure.perRecipient` means only this
        /// recipient must wait (pause the pair in the rate limiter).
        case scheduleRetry(at: C.Instant, failure: DeliveryFailure)
        case markSent(providerMessageID: String?)
        case markFailed(DeliveryFailure)
        case deadLetter(DeadLetter)
        /// Persist `refused`: the policy refused the message at dispatch; nothing was sent.
        case markRefused(DeliveryFailure)
        /// Persist `queued` again (after a redrive).
        case requeue
        /// The event does not apply in this state (a late or duplicate report); nothing to do.
        case ignore(String)
    }

    public private(set) var state: State
    /// Sends started so far.
    public private(set) var attempts: Int
    public var retryPolicy: RetryPolicy
    /// How long a worker may take to report an outcome.
    public var lease: Duration
    /// Since when the item has been tried (its creation, or its last redrive): the origin of the
    /// ``RetryPolicy/giveUpAfter`` age. `nil`: no age limit applies.
    public var retryingSince: C.Instant?

    public init(
        state: State = .queued, attempts: Int = 0, retryPolicy: RetryPolicy = RetryPolicy(), lease: Duration = .seconds(30),
        retryingSince: C.Instant? = nil
    ) {
        self.state = state
        self.attempts = attempts
        self.retryPolicy = retryPolicy
        self.lease = lease
        self.retryingSince = retryingSince
    }

    /// The state's stable name (`queued`, `sending`, `retry_wait`, `sent`, `failed`, `dead`, `refused`), as stored.
    public var stateName: String { queueState.rawValue }

    /// Applies an event with the system random source for jitter.
    public mutating func handle(_ event: Event) -> Action {
        var random = SystemRandomNumberGenerator()
        return handle(event, random: &random)
    }

    /// Applies an event; `random` draws the back-off jitter.
    public mutating func handle(_ event: Event, random: inout some RandomNumberGenerator) -> Action {
        switch (state, event) {
        case (.queued, .claimed(let now)):
            return startSending(now: now)
        case (.retryWait(_, let until, _), .claimed(let now)):
            guard now >= until else { return .ignore("claimed before the retry is due") }
            return startSending(now: now)
        case (.sending, .outcome(let outcome, let now)):
            return apply(outcome, now: now, random: &random)
        case (.sending, .refusedByPolicy(let failure, _)):
            // Nothing was sent: the claim's attempt is not counted.
            attempts = max(0, attempts - 1)
            state = .refused(failure)
            return .markRefused(failure)
        case (.sending(_, let leaseUntil), .leaseExpired(let now)):
            guard now >= leaseUntil else { return .ignore("the lease has not expired yet") }
            let failure = DeliveryFailure(
                category: .temporary, message: "no outcome within the \(lease) lease (worker stopped or timed out)")
            return retryOrDie(failure: failure, retryAfter: nil, now: now, random: &random)
        case (.dead, .redrive(let now)), (.failed, .redrive(let now)):
            state = .queued
            attempts = 0
            if retryingSince != nil { retryingSince = now }
            return .requeue
        case (.sent, _):
            return .ignore("the message was already sent")
        default:
            return .ignore("\(eventName(event)) does not apply to a message that is \(stateName)")
        }
    }

    private mutating func startSending(now: C.Instant) -> Action {
        attempts = attempts == .max ? attempts : attempts + 1
        let leaseUntil = now.advanced(by: lease)
        state = .sending(attempt: attempts, leaseUntil: leaseUntil)
        return .send(attempt: attempts, leaseUntil: leaseUntil)
    }

    private mutating func apply(_ outcome: DeliveryOutcome, now: C.Instant, random: inout some RandomNumberGenerator) -> Action {
        switch outcome {
        case .sent(let id):
            state = .sent(providerMessageID: id)
            return .markSent(providerMessageID: id)
        case .retry(let after, let failure):
            return retryOrDie(
                failure: failure, retryAfter: after.map(retryPolicy.retryAfter(seconds:)), now: now,
                random: &random)
        case .windowClosed(let failure), .failed(let failure):
            state = .failed(failure)
            return .markFailed(failure)
        case .reauthorize(let failure):
            let letter = DeadLetter(
                reason: "the connection's credentials were refused: \(failure.message)", failure: failure, attempts: attempts)
            state = .dead(letter)
            return .deadLetter(letter)
        }
    }

    private mutating func retryOrDie(
        failure: DeliveryFailure, retryAfter: Duration?, now: C.Instant, random: inout some RandomNumberGenerator
    )
        -> Action
    {
        guard retryPolicy.allowsRetry(afterAttempt: attempts) else {
            let letter = DeadLetter(reason: "gave up after \(attempts) attempts: \(failure.message)", failure: failure, attempts: attempts)
            state = .dead(letter)
            return .deadLetter(letter)
        }
        if let since = retryingSince, let giveUp = retryPolicy.giveUpAfter, since.duration(to: now) >= giveUp {
            let letter = DeadLetter(
                reason: "gave up after \(giveUp.wholeDescription) (\(attempts) attempts): \(failure.message)", failure: failure,
                attempts: attempts)
            state = .dead(letter)
            return .deadLetter(letter)
        }
        let until = now.advanced(by: retryPolicy.delay(afterAttempt: attempts, retryAfter: retryAfter, using: &random))
        state = .retryWait(attempt: attempts, until: until, failure: failure)
        return .scheduleRetry(at: until, failure: failure)
    }

    private func eventName(_ event: Event) -> String {
        switch event {
        case .claimed: "claimed"
        case .outcome: "an outcome"
        case .leaseExpired: "lease expired"
        case .redrive: "redrive"
        case .refusedByPolicy: "a policy refusal"
        }
    }
}

/// The send queue's name for the outbox machine: the life of one outbound message.
public typealias SendStateMachine<C: Clock> = OutboxStateMachine<C> where C.Duration == Duration, C.Instant: Sendable

/// Why a message was given up on: kept with the message, shown by the API, cleared by a redrive.
public struct DeadLetter: Sendable, Hashable {
    public var reason: String
    /// The last failure, where there was one.
    public var failure: DeliveryFailure?
    public var attempts: Int

    public init(reason: String, failure: DeliveryFailure?, attempts: Int) {
        self.reason = reason
        self.failure = failure
        self.attempts = attempts
    }
}
