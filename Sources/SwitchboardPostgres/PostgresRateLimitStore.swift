import Foundation
import PostgresNIO
import SwitchboardCore
import SwitchboardQueue
import SwitchboardStore

/// The rate limits every gateway process on one database shares (``RateLimitStore``): one row per
/// ``RateCell`` key in `rate_limits`, taken with one call of `switchboard_rate_acquire` per send
/// (`PostgresMigrations+RateLimits.swift`): one round trip for the connection's and the recipient's cell together.
///
/// Every node asks the same rows, so together the nodes never go faster than a limit, and a node that stops holds
/// nothing back: its share was never its own. Times are the database's clock (`clock_timestamp()` once the rows
/// are locked), so the nodes' clocks need not agree; a wait comes back as a duration and is placed on this process's
/// clock when the answer arrives.
///
/// A message may take a slot up to ``horizon`` ahead (``RateDecision/scheduled(at:)``): the dispatcher then starts its
/// send at that instant, so the time between one slot and the next node's request is not lost to the rate.
///
/// A cell refused until some instant cannot be granted earlier (its `tat` only moves forward), so that instant is
/// remembered here and messages of the same cell wait for it without asking the database again. Rows whose `tat`
/// has passed are deleted at most once a minute per node (a missing row is a full bucket).
public final class PostgresRateLimitStore: RateLimitStore {
    let store: PostgresEventStore
    let clock: WallClock
    private let state = Locked(State())

    private struct State {
        /// Per key, the instant (this process's clock) before which the database will refuse it.
        var blocked: [String: WallClock.Instant] = [:]
        var lastPrune: WallClock.Instant?
    }

    /// How far ahead a slot may be reserved (``RateDecision/scheduled(at:)``). A node asks again only after a
    /// round trip to the database and back; without reserving, each of those would be lost to the rate. A node that
    /// dies loses at most this much of the limit with its reserved slots.
    let horizon: Duration
    /// How far ahead every slot is at least: the time a node takes between the grant and the request (the policy's
    /// recheck, the encoding, the attempt's record), so that the request leaves on its slot rather than late.
    let lead: Duration

    init(
        store: PostgresEventStore, clock: WallClock = WallClock(), lead: Duration = .milliseconds(100),
        horizon: Duration = .milliseconds(300)
    ) {
        self.store = store
        self.clock = clock
        self.lead = lead
        self.horizon = max(lead, horizon)
    }

    public var isShared: Bool { true }

    public func acquire(_ cells: [RateCell], now: WallClock.Instant) async throws -> RateDecision<WallClock.Instant> {
        guard !cells.isEmpty else { return .proceed }
        if let until = knownWait(cells, now: now) { return .wait(until: until) }
        // Sorted keys: two calls lock their rows in the same order and never deadlock.
        let sorted = cells.sorted { $0.key < $1.key }
        let keys = sorted.map(\.key)
        let intervals = sorted.map { Self.microseconds($0.limit.interval) }
        let tolerances = sorted.map { Self.microseconds($0.limit.interval) * Int64($0.limit.burst - 1) }
        let (lead, horizon) = (Self.microseconds(self.lead), Self.microseconds(self.horizon))
        let rows = try await store.fetch(
            "SELECT switchboard_rate_acquire(\(keys), \(intervals), \(tolerances), \(lead), \(horizon))", doing: "acquire a rate limit")
        let answer = try store.decode("acquire a rate limit") { try rows.first?.decode([Int64].self) ?? [] }
        let answered = clock.now
        await pruneIfDue(answered)
        guard let first = answer.first else {
            throw StoreError(code: .postgres, message: "acquire a rate limit: no answer from switchboard_rate_acquire")
        }
        if first == 0 { return .proceed }
        if first > 0 { return .scheduled(at: answered.advanced(by: .microseconds(first))) }
        let waits = answer.dropFirst()
        let longest = max(1, waits.max() ?? 1)
        state.withLock { state in
            if state.blocked.count > 10_000 { state.blocked = state.blocked.filter { $0.value > answered } }
            for (key, wait) in zip(keys, waits) where wait > 0 {
                state.blocked[key] = answered.advanced(by: .microseconds(wait))
            }
        }
        return .wait(until: answered.advanced(by: .microseconds(longest)))
    }

    public func pause(_ cell: RateCell, until: WallClock.Instant, now: WallClock.Instant) async throws {
        let ahead = max(0, Self.microseconds(now.duration(to: until)))
        let tolerance = Self.microseconds(cell.limit.interval) * Int64(cell.limit.burst - 1)
        _ = try await store.fetch(
            """
            INSERT INTO rate_limits AS r (key, tat)
            VALUES (\(cell.key), (extract(epoch FROM clock_timestamp()) * 1000000)::BIGINT + \(ahead) + \(tolerance))
            ON CONFLICT (key) DO UPDATE SET tat = greatest(r.tat, EXCLUDED.tat)
            """, doing: "pause a rate limit")
        state.withLock { state in
            if let known = state.blocked[cell.key], known >= until { return }
            state.blocked[cell.key] = until
        }
    }

    /// The latest instant a cell is known to be refused until, when one of them is still ahead of `now`.
    private func knownWait(_ cells: [RateCell], now: WallClock.Instant) -> WallClock.Instant? {
        state.withLock { state in
            cells.compactMap { state.blocked[$0.key] }.filter { $0 > now }.max()
        }
    }

    /// Deletes the rows whose `tat` passed more than a second ago, once a minute (a failure waits for the next).
    private func pruneIfDue(_ now: WallClock.Instant) async {
        let due = state.withLock { state -> Bool in
            if let last = state.lastPrune, last.duration(to: now) < .seconds(60) { return false }
            state.lastPrune = now
            return true
        }
        guard due else { return }
        _ = try? await store.fetch(
            "DELETE FROM rate_limits WHERE tat < (extract(epoch FROM clock_timestamp()) * 1000000)::BIGINT - 1000000",
            doing: "prune the rate limits")
    }

    /// `duration` in whole microseconds, rounded up (a limit is never enforced looser than configured).
    static func microseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let micros = attoseconds / 1_000_000_000_000
        let rest = attoseconds % 1_000_000_000_000
        return seconds * 1_000_000 + micros + (rest > 0 ? 1 : 0)
    }
}

extension PostgresEventStore {
    /// The rate limits every node on this database shares (``PostgresRateLimitStore``): every slot at least 100 ms
    /// ahead, reserved up to 300 ms ahead.
    public func makeRateLimitStore() -> any RateLimitStore {
        PostgresRateLimitStore(store: self)
    }

    /// The same with slots at least `lead` and at most `horizon` ahead.
    public func makeRateLimitStore(lead: Duration, horizon: Duration) -> PostgresRateLimitStore {
        PostgresRateLimitStore(store: self, lead: max(.zero, lead), horizon: max(.zero, horizon))
    }
}
