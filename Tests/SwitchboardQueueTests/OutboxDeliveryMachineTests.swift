import SwitchboardCore
import SwitchboardQueue
import TestSupport
import Testing

/// The outbox state machine as the subscriber router drives it: only `sent` and `retry` outcomes, unlimited
/// attempts, a give-up age.
@Suite("Outbox state machine for subscriber deliveries, with a manual clock and a seeded random source")
struct OutboxDeliveryMachineTests {
    typealias Machine = OutboxStateMachine<ManualClock>
    let clock = ManualClock()
    let unavailable = DeliveryFailure(category: .temporary, providerCode: "503", message: "HTTP 503")
    /// The router's policy with the default `delivery:` settings: 1 s, 300 s, 72 h, no attempt limit.
    let policy = RetryPolicy(maxAttempts: .max, baseDelay: .seconds(1), maxDelay: .seconds(300), giveUpAfter: .seconds(72 * 3600))

    func machine() -> Machine { Machine(retryPolicy: policy, lease: .seconds(10), retryingSince: clock.now) }

    @Test("the back-off ceiling doubles per failed attempt up to the cap (the former delivery back-off's figures)")
    func ceilingDoubling() {
        let policy = RetryPolicy(baseDelay: .milliseconds(1000), maxDelay: .milliseconds(300_000))
        #expect(
            (1...11).map { policy.ceiling(afterAttempt: $0) }
                == [
                    1000, 2000, 4000, 8000, 16000, 32000, 64000, 128_000, 256_000, 300_000, 300_000,
                ].map(Duration.milliseconds))
        #expect(policy.ceiling(afterAttempt: 10_000) == .milliseconds(300_000))
    }

    @Test("each retry waits a jittered time within [0, ceiling], and the draws differ")
    func jitterBounds() {
        var machine = machine()
        var random = SeededRandom(seed: 20)
        var delays: [Duration] = []
        for attempt in 1...12 {
            let start = clock.now
            guard case .send(let number, _) = machine.handle(.claimed(at: start), random: &random) else {
                Issue.record("attempt \(attempt) was not started")
                return
            }
            #expect(number == attempt)
            guard
                case .scheduleRetry(let until, let failure) = machine.handle(
                    .outcome(.retry(after: nil, failure: unavailable), at: start), random: &random)
            else {
                Issue.record("attempt \(attempt) was not retried")
                return
            }
            #expect(failure == unavailable)
            let delay = start.duration(to: until)
            #expect(delay >= .zero && delay <= policy.ceiling(afterAttempt: attempt))
            delays.append(delay)
            clock.advance(by: delay)
        }
        #expect(Set(delays).count > 6)
        // Attempts are not limited: the 12th failure is retried like the first.
        #expect(machine.attempts == 12)
    }

    @Test("the subscriber's Retry-After is a floor for the wait, clamped to the maximum delay")
    func retryAfterHonoured() {
        var machine = machine()
        var random = MinimumRandom()
        _ = machine.handle(.claimed(at: clock.now), random: &random)
        #expect(
            machine.handle(.outcome(.retry(after: 42, failure: unavailable), at: clock.now), random: &random)
                == .scheduleRetry(at: clock.now.advanced(by: .seconds(42)), failure: unavailable))
        clock.advance(by: .seconds(42))
        _ = machine.handle(.claimed(at: clock.now), random: &random)
        #expect(
            machine.handle(.outcome(.retry(after: 86_400, failure: unavailable), at: clock.now), random: &random)
                == .scheduleRetry(at: clock.now.advanced(by: .seconds(300)), failure: unavailable))
    }

    @Test("a failure at or past the give-up age parks the delivery as a dead letter with the reason")
    func giveUpAge() throws {
        var machine = machine()
        var random = SeededRandom(seed: 7)
        _ = machine.handle(.claimed(at: clock.now), random: &random)
        clock.advance(by: .seconds(72 * 3600 - 1))
        guard case .scheduleRetry = machine.handle(.outcome(.retry(after: nil, failure: unavailable), at: clock.now), random: &random)
        else {
            Issue.record("a failure before the give-up age must be retried")
            return
        }
        clock.advance(by: .seconds(300))
        _ = machine.handle(.claimed(at: clock.now), random: &random)
        let action = machine.handle(.outcome(.retry(after: nil, failure: unavailable), at: clock.now), random: &random)
        guard case .deadLetter(let letter) = action else {
            Issue.record("expected a dead letter, got \(action)")
            return
        }
        #expect(letter.reason == "gave up after 72h (2 attempts): HTTP 503")
        #expect(letter.failure == unavailable)
        #expect(machine.stateName == "dead")
        // A success is never parked, however old.
        var late = self.machine()
        clock.advance(by: .seconds(100 * 3600))
        _ = late.handle(.claimed(at: clock.now), random: &random)
        #expect(late.handle(.outcome(.sent(providerMessageID: nil), at: clock.now), random: &random) == .markSent(providerMessageID: nil))
    }

    @Test("redrive requeues a dead delivery with no attempts and restarts its give-up age")
    func redrive() {
        let parked = DeadLetter(reason: "gave up after 72h (9 attempts): HTTP 503", failure: unavailable, attempts: 9)
        var machine = Machine(state: .dead(parked), attempts: 9, retryPolicy: policy, retryingSince: clock.now)
        clock.advance(by: .seconds(80 * 3600))
        #expect(machine.handle(.redrive(at: clock.now)) == .requeue)
        #expect(machine.state == .queued)
        #expect(machine.attempts == 0)
        #expect(machine.retryingSince == clock.now)
        // The first failure after the redrive is retried, not parked again at once.
        var random = MinimumRandom()
        _ = machine.handle(.claimed(at: clock.now), random: &random)
        guard case .scheduleRetry = machine.handle(.outcome(.retry(after: nil, failure: unavailable), at: clock.now), random: &random)
        else {
            Issue.record("a redriven delivery must be retried")
            return
        }
    }

    @Test("sends keep their attempt limit and have no age limit unless one is set")
    func sendsUnchanged() {
        var machine = SendStateMachine<ManualClock>(retryPolicy: RetryPolicy(maxAttempts: 2))
        var random = MinimumRandom()
        _ = machine.handle(.claimed(at: clock.now), random: &random)
        clock.advance(by: .seconds(1_000_000))
        guard case .scheduleRetry = machine.handle(.outcome(.retry(after: nil, failure: unavailable), at: clock.now), random: &random)
        else {
            Issue.record("a send with attempts left must be retried, however old")
            return
        }
    }
}
