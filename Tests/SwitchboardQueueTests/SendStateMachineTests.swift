import SwitchboardCore
import SwitchboardQueue
import TestSupport
import Testing

@Suite("Send state machine with a manual clock")
struct SendStateMachineTests {
    typealias Machine = SendStateMachine<ManualClock>
    let clock = ManualClock()
    let temporary = DeliveryFailure(category: .temporary, providerCode: "131000", message: "something went wrong")

    @Test("queued → sending → sent")
    func happyPath() {
        var machine = Machine()
        let start = clock.now
        #expect(machine.handle(.claimed(at: start)) == .send(attempt: 1, leaseUntil: start.advanced(by: .seconds(30))))
        #expect(machine.stateName == "sending")
        #expect(machine.handle(.outcome(.sent(providerMessageID: "wamid.1"), at: start)) == .markSent(providerMessageID: "wamid.1"))
        #expect(machine.state == .sent(providerMessageID: "wamid.1"))
        #expect(machine.handle(.outcome(.sent(providerMessageID: "wamid.2"), at: start)) == .ignore("the message was already sent"))
    }

    @Test("retry with exponential back-off and full jitter, then dead after max attempts")
    func backoffThenDead() throws {
        var machine = Machine(retryPolicy: RetryPolicy(maxAttempts: 4, baseDelay: .seconds(1), maxDelay: .seconds(60)))
        var random = MaxRandom()  // jitter at its ceiling: 1 s, 2 s, 4 s
        var expectedDelays: [Duration] = [.seconds(1), .seconds(2), .seconds(4)]
        for attempt in 1...4 {
            guard case .send(let number, _) = machine.handle(.claimed(at: clock.now), random: &random) else {
                Issue.record("attempt \(attempt) was not sent")
                return
            }
            #expect(number == attempt)
            let action = machine.handle(.outcome(.retry(after: nil, failure: temporary), at: clock.now), random: &random)
            if attempt < 4 {
                let delay = expectedDelays.removeFirst()
                #expect(action == .scheduleRetry(at: clock.now.advanced(by: delay), failure: temporary))
                // Claiming before the retry is due does nothing.
                #expect(
                    machine.handle(.claimed(at: clock.now.advanced(by: delay - .milliseconds(1))), random: &random)
                        == .ignore("claimed before the retry is due"))
                clock.advance(by: delay)
            } else {
                guard case .deadLetter(let letter) = action else {
                    Issue.record("expected a dead letter, got \(action)")
                    return
                }
                #expect(letter.attempts == 4)
                #expect(letter.reason == "gave up after 4 attempts: something went wrong")
                #expect(machine.stateName == "dead")
            }
        }
    }

    @Test("retry-after from the provider is a floor for the delay")
    func honoursRetryAfter() {
        var machine = Machine()
        var random = MinimumRandom()
        _ = machine.handle(.claimed(at: clock.now), random: &random)
        let limited = DeliveryFailure(category: .rateLimited, providerCode: "429", message: "Too Many Requests: retry after 17")
        let action = machine.handle(.outcome(.retry(after: 17, failure: limited), at: clock.now), random: &random)
        #expect(action == .scheduleRetry(at: clock.now.advanced(by: .seconds(17)), failure: limited))
        // A jitter above the retry-after wins.
        var late = Machine(attempts: 0, retryPolicy: RetryPolicy(baseDelay: .seconds(100)))
        var max = MaxRandom()
        _ = late.handle(.claimed(at: clock.now), random: &max)
        #expect(
            late.handle(.outcome(.retry(after: 0.5, failure: limited), at: clock.now), random: &max)
                == .scheduleRetry(at: clock.now.advanced(by: .seconds(100)), failure: limited))
    }

    @Test("jitter is drawn from the injected source: same seed, same schedule; within the ceiling")
    func seededJitter() {
        func schedule(seed: UInt64) -> [Duration] {
            var random = SeededRandom(seed: seed)
            let policy = RetryPolicy(maxAttempts: 10, baseDelay: .milliseconds(500), maxDelay: .seconds(30))
            return (1...9).map { policy.delay(afterAttempt: $0, retryAfter: nil, using: &random) }
        }
        let a = schedule(seed: 42), b = schedule(seed: 42), c = schedule(seed: 7)
        #expect(a == b)
        #expect(a != c)
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: .milliseconds(500), maxDelay: .seconds(30))
        for (index, delay) in a.enumerated() {
            #expect(delay >= .zero && delay <= policy.ceiling(afterAttempt: index + 1))
        }
        #expect(policy.ceiling(afterAttempt: 1) == .milliseconds(500))
        #expect(policy.ceiling(afterAttempt: 4) == .seconds(4))
        #expect(policy.ceiling(afterAttempt: 9) == .seconds(30))
    }

    @Test("permanent failures and closed windows fail; invalid credentials dead-letter")
    func permanentOutcomes() {
        let window = DeliveryFailure(category: .windowClosed, providerCode: "131047", message: "Re-engagement message")
        var machine = Machine()
        _ = machine.handle(.claimed(at: clock.now))
        #expect(machine.handle(.outcome(.windowClosed(window), at: clock.now)) == .markFailed(window))
        #expect(machine.state == .failed(window))

        let token = DeliveryFailure(category: .authorization, providerCode: "190", message: "token expired")
        var other = Machine()
        _ = other.handle(.claimed(at: clock.now))
        guard case .deadLetter(let letter) = other.handle(.outcome(.reauthorize(token), at: clock.now)) else {
            Issue.record("expected a dead letter")
            return
        }
        #expect(letter.failure == token)
    }

    @Test("an expired lease counts as an attempt and is retried; before expiry it is ignored")
    func leaseExpiry() {
        var machine = Machine(lease: .seconds(10))
        var random = MinimumRandom()
        _ = machine.handle(.claimed(at: clock.now), random: &random)
        #expect(
            machine.handle(.leaseExpired(at: clock.now.advanced(by: .seconds(9))), random: &random)
                == .ignore("the lease has not expired yet"))
        clock.advance(by: .seconds(10))
        guard case .scheduleRetry(let at, let failure) = machine.handle(.leaseExpired(at: clock.now), random: &random) else {
            Issue.record("expected a retry")
            return
        }
        #expect(at == clock.now)
        #expect(failure.category == .temporary)
        #expect(machine.attempts == 1)
        #expect(
            machine.handle(.claimed(at: clock.now), random: &random) == .send(attempt: 2, leaseUntil: clock.now.advanced(by: .seconds(10))))
    }

    @Test("a dead message is re-driven to queued with fresh attempts; a queued one cannot be")
    func redrive() {
        var machine = Machine(retryPolicy: RetryPolicy(maxAttempts: 1))
        _ = machine.handle(.claimed(at: clock.now))
        guard case .deadLetter = machine.handle(.outcome(.retry(after: nil, failure: temporary), at: clock.now)) else {
            Issue.record("expected a dead letter")
            return
        }
        #expect(machine.handle(.redrive(at: clock.now)) == .requeue)
        #expect(machine.state == .queued && machine.attempts == 0)
        #expect(machine.handle(.redrive(at: clock.now)) == .ignore("redrive does not apply to a message that is queued"))
        #expect(machine.handle(.claimed(at: clock.now)) == .send(attempt: 1, leaseUntil: clock.now.advanced(by: .seconds(30))))
    }

    @Test("a late outcome for a message no longer sending is ignored")
    func lateOutcome() {
        var machine = Machine()
        #expect(
            machine.handle(.outcome(.sent(providerMessageID: "x"), at: clock.now))
                == .ignore("an outcome does not apply to a message that is queued"))
    }
}
