import SwitchboardCore
import SwitchboardQueue
import TestSupport
import Testing

@Suite("Token buckets and default rate limits")
struct RateLimiterTests {
    let clock = ManualClock()

    /// Sends `count` messages as fast as the bucket allows and returns the send instants.
    private func drive(_ count: Int, acquire: (ManualClock.Instant) -> RateDecision<ManualClock.Instant>) -> [Duration] {
        var sent: [Duration] = []
        let start = clock.now
        while sent.count < count {
            switch acquire(clock.now) {
            case .proceed: sent.append(start.duration(to: clock.now))
            case .wait(let until):
                #expect(until > clock.now)
                clock.advance(to: until)
            }
        }
        return sent
    }

    @Test("80/s with a burst of 20: 20 at once, then exactly 12.5 ms apart")
    func whatsappSpacing() {
        var bucket = TokenBucket<ManualClock>(limit: RateLimit(80, burst: 20))
        let times = drive(100) { bucket.acquire(now: $0) }
        #expect(times.prefix(20).allSatisfy { $0 == .zero })
        for index in 20..<100 {
            #expect(times[index] - times[index - 1] == .milliseconds(12.5))
        }
        // At most burst + rate × elapsed in any stretch: 100 messages took (100 - 20) × 12.5 ms = 1 s.
        #expect(times.last == .seconds(1))
    }

    @Test("two nodes sharing WhatsApp's 80/s (burst 20) each send 10 at once, then 25 ms apart: together the account's 80/s")
    func sharedByNodes() {
        let shared = RateLimit(80, burst: 20).shared(by: 2)
        #expect(shared.interval == .milliseconds(25))
        #expect(shared.burst == 10)
        // Two nodes' buckets, each sending as fast as it may, on one clock.
        var nodes = [TokenBucket<ManualClock>(limit: shared), TokenBucket<ManualClock>(limit: shared)]
        var sent: [Duration] = []
        let start = clock.now
        while sent.count < 100 {
            var earliest: ManualClock.Instant?
            for index in nodes.indices {
                switch nodes[index].acquire(now: clock.now) {
                case .proceed: sent.append(start.duration(to: clock.now))
                case .wait(let until): earliest = min(earliest ?? until, until)
                }
            }
            if let earliest, sent.count < 100 { clock.advance(to: earliest) }
        }
        // Together: 20 at once (10 each), then 80 more over exactly one second: the account's own limit.
        #expect(sent.prefix(20).allSatisfy { $0 == .zero })
        #expect(sent[20] > .zero)
        #expect(sent.last == .seconds(1))
        #expect(RateLimit(1, per: .seconds(1), burst: 1).shared(by: 3) == RateLimit(1, per: .seconds(3), burst: 1))
        #expect(RateLimit(30, burst: 5).shared(by: 1) == RateLimit(30, burst: 5))
    }

    @Test("a bucket refills while idle, never beyond its burst")
    func refill() {
        var bucket = TokenBucket<ManualClock>(limit: RateLimit(1, per: .seconds(1), burst: 3))
        #expect(drive(3) { bucket.acquire(now: $0) } == [.zero, .zero, .zero])
        #expect(bucket.acquire(now: clock.now) == .wait(until: clock.now.advanced(by: .seconds(1))))
        clock.advance(by: .seconds(60))
        let after = clock.now
        #expect(bucket.acquire(now: after) == .proceed)
        #expect(bucket.acquire(now: after) == .proceed)
        #expect(bucket.acquire(now: after) == .proceed)
        #expect(bucket.acquire(now: after) == .wait(until: after.advanced(by: .seconds(1))))
    }

    @Test("pair limit: one WhatsApp user gets 3 at once then one per 6 s, while others are not held back")
    func pairLimit() {
        var limiter = RateLimiter<ManualClock>()
        limiter.configure(connection: "wa-main", limits: RateLimits().limits(provider: .meta, channel: .whatsapp))
        let times = drive(5) { limiter.acquire(connection: "wa-main", recipient: "16505551234", now: $0) }
        #expect(times == [.zero, .zero, .zero, .seconds(6), .seconds(12)])
        #expect(limiter.acquire(connection: "wa-main", recipient: "4915112345678", now: clock.now) == .proceed)
    }

    @Test("Telegram: 1/s per chat after a burst of 3, 20/min per group")
    func telegramLimits() {
        var limiter = RateLimiter<ManualClock>()
        limiter.configure(connection: "tg", limits: RateLimits().limits(provider: .telegram, channel: .telegram))
        #expect(
            drive(5) { limiter.acquire(connection: "tg", recipient: "42", now: $0) } == [.zero, .zero, .zero, .seconds(1), .seconds(2)])
        let group = drive(3) { limiter.acquire(connection: "tg", recipient: "-100", group: true, now: $0) }
        #expect(group[1] - group[0] == .seconds(3) && group[2] - group[1] == .seconds(3))
    }

    @Test("a provider's retry-after pauses the connection, or just one recipient")
    func pause() {
        var limiter = RateLimiter<ManualClock>()
        limiter.configure(connection: "page", limits: RateLimits().limits(provider: .meta, channel: .messenger))
        let until = clock.now.advanced(by: .seconds(30))
        limiter.pause(connection: "page", recipient: "psid-1", until: until)
        #expect(limiter.acquire(connection: "page", recipient: "psid-1", now: clock.now) == .wait(until: until))
        #expect(limiter.acquire(connection: "page", recipient: "psid-2", now: clock.now) == .proceed)
        limiter.pause(connection: "page", until: until)
        #expect(limiter.acquire(connection: "page", recipient: "psid-2", now: clock.now) == .wait(until: until))
        clock.advance(to: until)
        #expect(limiter.acquire(connection: "page", recipient: "psid-1", now: clock.now) == .proceed)
    }

    @Test("idle pair buckets are pruned; unknown connections are not limited")
    func pruneAndUnknown() {
        var limiter = RateLimiter<ManualClock>()
        limiter.configure(connection: "wa", limits: RateLimits.whatsapp)
        for index in 0..<10 { _ = limiter.acquire(connection: "wa", recipient: "\(index)", now: clock.now) }
        #expect(limiter.pairCount == 10)
        clock.advance(by: .seconds(7))
        limiter.prune(now: clock.now)
        #expect(limiter.pairCount == 0)
        #expect(limiter.acquire(connection: "other", recipient: "x", now: clock.now) == .proceed)
    }

    @Test("the default table follows docs/providers.md")
    func defaults() {
        let limits = RateLimits()
        #expect(limits.limits(provider: .meta, channel: .whatsapp).connection.interval == .milliseconds(12.5))
        #expect(limits.limits(provider: .dialog360, channel: .whatsapp).perRecipient?.interval == .seconds(6))
        #expect(limits.limits(provider: .meta, channel: .messenger).connection.count == 300)
        #expect(limits.limits(provider: .telegram, channel: .telegram).connection.count == 30)
        #expect(limits.limits(provider: .telegram, channel: .telegram).perRecipient?.interval == .seconds(1))
        #expect(limits.limits(provider: Provider("unknown"), channel: .sms) == limits.fallback)
    }
}
