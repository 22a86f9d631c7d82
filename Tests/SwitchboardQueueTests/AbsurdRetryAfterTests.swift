import SwitchboardCore
import SwitchboardQueue
import TestSupport
import Testing

/// Provider answers with retry-after values no sane provider sends: the state machine and the retry policy
/// clamp them (negative and NaN to zero, huge and infinite to the policy's maximum delay) and never trap.
@Suite("Absurd retry-after values with a manual clock")
struct AbsurdRetryAfterTests {
    typealias Machine = SendStateMachine<ManualClock>
    let clock = ManualClock()
    let limited = DeliveryFailure(category: .rateLimited, providerCode: "429", message: "Too Many Requests")
    let policy = RetryPolicy(maxAttempts: 5, baseDelay: .seconds(2), maxDelay: .seconds(60))

    static let huge: [Double] = [1e20, 1e21, .infinity, .greatestFiniteMagnitude, 1e300, 9.3e15]
    static let belowZero: [Double] = [-1e300, -5, .nan, -.infinity, -Double.greatestFiniteMagnitude, -0.0, 0]

    /// The retry the machine schedules for `after`, claimed and answered at the clock's current time.
    func scheduledDelay(after: Double, random: inout some RandomNumberGenerator) -> Duration? {
        var machine = Machine(retryPolicy: policy)
        let start = clock.now
        _ = machine.handle(.claimed(at: start), random: &random)
        guard
            case .scheduleRetry(let at, let failure) = machine.handle(
                .outcome(.retry(after: after, failure: limited), at: start), random: &random)
        else { return nil }
        #expect(failure == limited)
        #expect(machine.stateName == "retry_wait")
        return start.duration(to: at)
    }

    @Test("a huge or infinite retry-after waits the policy's maximum delay", arguments: huge)
    func hugeIsMaxDelay(after: Double) {
        var random = MinimumRandom()
        #expect(scheduledDelay(after: after, random: &random) == .seconds(60))
        #expect(policy.retryAfter(seconds: after) == .seconds(60))
    }

    @Test("a negative, zero or NaN retry-after counts as none: the back-off alone decides", arguments: belowZero)
    func negativeIsZero(after: Double) {
        var minimum = MinimumRandom()
        #expect(scheduledDelay(after: after, random: &minimum) == .zero)
        var maximum = MaxRandom()
        #expect(scheduledDelay(after: after, random: &maximum) == .seconds(2))
        #expect(policy.retryAfter(seconds: after) == .zero)
    }

    @Test("a retry-after within range is kept to the millisecond, rounded up; above the maximum it is the maximum")
    func inRange() {
        #expect(policy.retryAfter(seconds: 17) == .seconds(17))
        #expect(policy.retryAfter(seconds: 0.0001) == .milliseconds(1))
        #expect(policy.retryAfter(seconds: 59.9991) == .milliseconds(60_000))
        #expect(policy.retryAfter(seconds: 61) == .seconds(60))
        var random = MinimumRandom()
        #expect(scheduledDelay(after: 17, random: &random) == .seconds(17))
    }

    @Test("the policy's own arithmetic holds for extreme settings: huge delays, many attempts, negative values")
    func extremePolicies() {
        var random = MaxRandom()
        let endless = RetryPolicy(maxAttempts: .max, baseDelay: .seconds(1), maxDelay: Duration(attoseconds: .max))
        #expect(endless.ceiling(afterAttempt: 10_000) == Duration(attoseconds: .max))
        #expect(endless.delay(afterAttempt: 10_000, retryAfter: nil, using: &random) == .nanoseconds(Int64.max))
        #expect(endless.retryAfter(seconds: .infinity) == Duration(attoseconds: .max))
        #expect(endless.retryAfter(seconds: 1e30) == Duration(attoseconds: .max))
        let centuries = RetryPolicy(baseDelay: .seconds(1), maxDelay: .seconds(Int64.max))
        #expect(centuries.delay(afterAttempt: 200, retryAfter: .seconds(Int64.max), using: &random) <= .seconds(Int64.max))
        let backwards = RetryPolicy(baseDelay: .seconds(-5), maxDelay: .seconds(-1))
        #expect(backwards.ceiling(afterAttempt: 3) == .zero)
        #expect(backwards.delay(afterAttempt: 3, retryAfter: .seconds(10), using: &random) == .zero)
        #expect(backwards.retryAfter(seconds: 10) == .zero)
        let none = RetryPolicy(baseDelay: .zero, maxDelay: .seconds(10))
        #expect(none.ceiling(afterAttempt: .max) == .zero)
    }

    @Test("instants at the end of time: claiming and retrying stop at the last instant instead of trapping")
    func farFutureInstants() {
        let end = ManualClock.Instant(offset: Duration(attoseconds: .max - 1))
        var machine = Machine(retryPolicy: policy, lease: .seconds(30))
        var random = MaxRandom()
        #expect(
            machine.handle(.claimed(at: end), random: &random)
                == .send(attempt: 1, leaseUntil: ManualClock.Instant(offset: Duration(attoseconds: .max))))
        guard case .scheduleRetry(let at, _) = machine.handle(.outcome(.retry(after: 1e20, failure: limited), at: end), random: &random)
        else {
            Issue.record("expected a retry")
            return
        }
        #expect(at == ManualClock.Instant(offset: Duration(attoseconds: .max)))
        #expect(end.duration(to: ManualClock.Instant(offset: Duration(attoseconds: .min))) == Duration(attoseconds: .min))
    }

    @Test("wall-clock instants beyond what a timestamp holds become the last timestamp, not a trap")
    func wallClockFarFuture() {
        let far = WallClock.Instant(sinceEpoch: .seconds(Int64.max))
        #expect(far.timestamp.milliseconds == .max)
        #expect(WallClock.Instant(sinceEpoch: .seconds(Int64.min)).timestamp.milliseconds == .min)
        #expect(far.advanced(by: .seconds(Int64.max)).advanced(by: Duration(attoseconds: .max)).sinceEpoch == Duration(attoseconds: .max))
        let near = WallClock.Instant(sinceEpoch: .milliseconds(1_700_000_000_123))
        #expect(near.advanced(by: .seconds(60)).timestamp.milliseconds == 1_700_000_060_123)
    }
}
