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
            case .scheduled(let at):
                Issue.record("an in-memory limiter reserves nothing ahead (\(at))")
                sent.append(start.duration(to: at))
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

    @Test("a widened limit spaces by (period + margin) / count and keeps count and burst")
    func widened() {
        let limit = RateLimit(20, burst: 1).widened(by: .milliseconds(100))
        #expect(limit.interval == .milliseconds(55))
        #expect(limit.count == 20 && limit.burst == 1)
        #expect(RateLimit(80, burst: 20).widened(by: .zero) == RateLimit(80, burst: 20))
    }

    @Test(
        "burst 1, widened by the margin: whatever delay up to the margin each grant meets before it arrives, no 1 s window at the arrival holds more than the count",
        arguments: [UInt64(1), 2, 3, 4, 5])
    func windowAtArrival(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let margin = Duration.milliseconds(50)
        var limiter = RateLimiter<ManualClock>()
        let cell = RateCell.connection("wa", limit: RateLimit(20).widened(by: margin))
        // Grants as fast as the limiter allows, each arriving after a random delay in [0, margin].
        let grants = drive(400) { limiter.acquire([cell], now: $0) }
        let arrivals = grants.map { $0 + .microseconds(Int64.random(in: 0...50_000, using: &random)) }
        #expect(ArrivalWindows.maximum(arrivals, window: .seconds(1)) <= 20)
        // Without the margin the same jitter does put 21 in some window: the margin is what holds the limit.
        var bare = RateLimiter<ManualClock>()
        let tight = drive(400) { bare.acquire([RateCell.connection("wa", limit: RateLimit(20))], now: $0) }
        let late = tight.enumerated().map { $0.element + ($0.offset % 40 == 0 ? margin : .zero) }
        #expect(ArrivalWindows.maximum(late, window: .seconds(1)) == 21)
    }

    @Test("the sliding-window count: half-open windows, unsorted input")
    func slidingWindow() {
        let times: [Duration] = [.milliseconds(1000), .zero, .milliseconds(999), .milliseconds(500)]
        #expect(ArrivalWindows.maximum(times, window: .seconds(1)) == 3)
        #expect(ArrivalWindows.maximum([Duration](), window: .seconds(1)) == 0)
        #expect(ArrivalWindows.maximum(Array(repeating: .zero, count: 5), window: .seconds(1)) == 5)
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
        let limits = RateLimits().limits(provider: .meta, channel: .whatsapp)
        let times = drive(5) { limiter.acquire(limits.cells(connection: "wa-main", recipient: "16505551234"), now: $0) }
        #expect(times == [.zero, .zero, .zero, .seconds(6), .seconds(12)])
        #expect(limiter.acquire(limits.cells(connection: "wa-main", recipient: "4915112345678"), now: clock.now) == .proceed)
    }

    @Test("all or nothing: a message its recipient's cell refuses takes nothing from the connection's")
    func allOrNothing() {
        var limiter = RateLimiter<ManualClock>()
        let limits = ConnectionRateLimits(
            connection: RateLimit(2, per: .seconds(60), burst: 2), perRecipient: RateLimit(1, per: .seconds(60)))
        #expect(limiter.acquire(limits.cells(connection: "c", recipient: "a"), now: clock.now) == .proceed)
        for _ in 0..<5 {
            #expect(
                limiter.acquire(limits.cells(connection: "c", recipient: "a"), now: clock.now)
                    == .wait(until: clock.now.advanced(by: .seconds(60))))
        }
        // The connection's second token is still there for another recipient; then it is empty.
        #expect(limiter.acquire(limits.cells(connection: "c", recipient: "b"), now: clock.now) == .proceed)
        #expect(limiter.acquire(limits.cells(connection: "c", recipient: "d"), now: clock.now) != .proceed)
    }

    @Test("cell keys: one per connection, one per (connection, recipient), unambiguous whatever the names hold")
    func cellKeys() {
        let limits = RateLimits.telegram
        #expect(limits.cells(connection: "tg", recipient: "42").map(\.key) == ["connection:tg", "pair:2:tg:42"])
        #expect(limits.cells(connection: "tg", recipient: "-100", group: true).last?.limit == RateLimit(20, per: .seconds(60), burst: 1))
        #expect(
            RateCell.pair("a:b", recipient: "c", limit: RateLimit(1)).key != RateCell.pair("a", recipient: "b:c", limit: RateLimit(1)).key)
        #expect(ConnectionRateLimits(connection: RateLimit(10)).cells(connection: "mail", recipient: "x@example.com").count == 1)
        #expect(ConnectionRateLimits(connection: RateLimit(10)).pauseCell(connection: "mail", recipient: "x").limit == RateLimit(10))
    }

    @Test("Telegram: 1/s per chat after a burst of 3, 20/min per group")
    func telegramLimits() {
        var limiter = RateLimiter<ManualClock>()
        let limits = RateLimits().limits(provider: .telegram, channel: .telegram)
        #expect(
            drive(5) { limiter.acquire(limits.cells(connection: "tg", recipient: "42"), now: $0) } == [
                .zero, .zero, .zero, .seconds(1), .seconds(2),
            ])
        let group = drive(3) { limiter.acquire(limits.cells(connection: "tg", recipient: "-100", group: true), now: $0) }
        #expect(group[1] - group[0] == .seconds(3) && group[2] - group[1] == .seconds(3))
    }

    @Test("a provider's retry-after pauses the connection, or just one recipient")
    func pause() {
        var limiter = RateLimiter<ManualClock>()
        let limits = RateLimits().limits(provider: .meta, channel: .messenger)
        let until = clock.now.advanced(by: .seconds(30))
        limiter.pause(limits.pauseCell(connection: "page", recipient: "psid-1"), until: until)
        #expect(limiter.acquire(limits.cells(connection: "page", recipient: "psid-1"), now: clock.now) == .wait(until: until))
        #expect(limiter.acquire(limits.cells(connection: "page", recipient: "psid-2"), now: clock.now) == .proceed)
        limiter.pause(.connection("page", limit: limits.connection), until: until)
        #expect(limiter.acquire(limits.cells(connection: "page", recipient: "psid-2"), now: clock.now) == .wait(until: until))
        clock.advance(to: until)
        #expect(limiter.acquire(limits.cells(connection: "page", recipient: "psid-1"), now: clock.now) == .proceed)
    }

    @Test("idle buckets are pruned; no cells is not limited")
    func pruneAndUnlimited() {
        var limiter = RateLimiter<ManualClock>()
        for index in 0..<10 { _ = limiter.acquire(RateLimits.whatsapp.cells(connection: "wa", recipient: "\(index)"), now: clock.now) }
        #expect(limiter.bucketCount == 11)
        clock.advance(by: .seconds(7))
        limiter.prune(now: clock.now)
        #expect(limiter.bucketCount == 0)
        #expect(limiter.acquire([], now: clock.now) == .proceed)
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
