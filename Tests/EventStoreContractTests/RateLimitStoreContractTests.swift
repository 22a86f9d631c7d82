import SwitchboardCore
import SwitchboardPostgres
import SwitchboardQueue
import SwitchboardStore
import TestSupport
import Testing

/// The dispatcher's rate limits as each store keeps them (``SendQueue/makeRateLimitStore()``): SQLite in the
/// process's memory, PostgreSQL in the database every node shares. The same answers from both; with PostgreSQL,
/// nodes racing share one quota and a node that closes leaves its unused share to the others. Periods of minutes,
/// so no answer depends on how fast the test runs.
@Suite("Rate limit stores: the same answers in memory and in PostgreSQL; PostgreSQL's shared by the nodes")
struct RateLimitStoreContractTests {
    static let tenMinutes = Duration.seconds(600)

    /// Runs `body` with the rate limits of a fresh store of `backend` (and the store, for a second limiter object
    /// without the first one's memory), then closes and removes it.
    static func withLimits(_ backend: StoreBackend, _ body: (any RateLimitStore, any GatewayStore) async throws -> Void) async throws {
        let database = try TestDatabase(backend)
        let store = try await database.open()
        do {
            #expect(store.makeRateLimitStore().isShared == (backend == .postgres))
            try await body(store.makeRateLimitStore(), store)
        } catch {
            await store.close()
            await database.remove()
            throw error
        }
        await store.close()
        await database.remove()
    }

    @Test("one per 10 minutes: the first proceeds, the next waits about 10 minutes", arguments: StoreBackend.available)
    func spacing(_ backend: StoreBackend) async throws {
        try await Self.withLimits(backend) { limits, store in
            let cell = RateCell.connection("wa", limit: RateLimit(1, per: Self.tenMinutes))
            let now = WallClock().now
            let decision1 = try await limits.acquire([cell], now: now)
            #expect(decision1.isGranted)
            let decision = try await limits.acquire([cell], now: now)
            guard case .wait(let until) = decision else { throw RateLimitTestFailure("expected a wait, got \(decision)") }
            #expect(until > now.advanced(by: .seconds(590)) && until <= WallClock().now.advanced(by: Self.tenMinutes))
            // Another connection is not held back; no cells is never limited.
            let decision2 = try await limits.acquire([.connection("other", limit: cell.limit)], now: now)
            #expect(decision2.isGranted)
            let decision3 = try await limits.acquire([], now: now)
            #expect(decision3.isGranted)
        }
    }

    @Test("all or nothing: a message its recipient's cell refuses takes nothing from its connection's", arguments: StoreBackend.available)
    func allOrNothing(_ backend: StoreBackend) async throws {
        try await Self.withLimits(backend) { limits, store in
            let connection = ConnectionRateLimits(
                connection: RateLimit(2, per: Self.tenMinutes, burst: 2), perRecipient: RateLimit(1, per: Self.tenMinutes))
            let now = WallClock().now
            let decision4 = try await limits.acquire(connection.cells(connection: "c", recipient: "a"), now: now)
            #expect(decision4.isGranted)
            for _ in 0..<3 {
                // Asked in either order: the store locks its rows in one order whatever the caller passes.
                let cells = connection.cells(connection: "c", recipient: "a")
                let decision5 = try await limits.acquire(cells.reversed(), now: now)
                #expect(!decision5.isGranted)
            }
            let decision6 = try await limits.acquire(connection.cells(connection: "c", recipient: "b"), now: now)
            #expect(decision6.isGranted)
            let decision7 = try await limits.acquire(connection.cells(connection: "c", recipient: "d"), now: now)
            #expect(!decision7.isGranted)
        }
    }

    @Test("a provider's pause holds the cell until then, and only that cell", arguments: StoreBackend.available)
    func pause(_ backend: StoreBackend) async throws {
        try await Self.withLimits(backend) { limits, store in
            let connection = ConnectionRateLimits(connection: RateLimit(100), perRecipient: RateLimit(1, burst: 3))
            let now = WallClock().now
            let pausedUntil = now.advanced(by: Self.tenMinutes)
            try await limits.pause(connection.pauseCell(connection: "c", recipient: "a"), until: pausedUntil, now: now)
            // Asked through a second limiter object: for PostgreSQL, the pause is in the database, not in memory.
            let asker = backend == .postgres ? store.makeRateLimitStore() : limits
            let decision = try await asker.acquire(connection.cells(connection: "c", recipient: "a"), now: now)
            guard case .wait(let until) = decision else { throw RateLimitTestFailure("expected a wait, got \(decision)") }
            #expect(until > now.advanced(by: .seconds(590)))
            let decision8 = try await limits.acquire(connection.cells(connection: "c", recipient: "b"), now: now)
            #expect(decision8.isGranted)
            try await limits.pause(.connection("c", limit: connection.connection), until: pausedUntil, now: now)
            let decision9 = try await asker.acquire(connection.cells(connection: "c", recipient: "e"), now: now)
            #expect(!decision9.isGranted)
        }
    }
}

/// Several nodes on one PostgreSQL database share each limit (gated on `SWITCHBOARD_TEST_POSTGRES_URL`).
@Suite(
    "PostgreSQL: the nodes share every rate limit",
    .enabled(if: StoreBackend.postgresURL != nil, "SWITCHBOARD_TEST_POSTGRES_URL is not set"))
struct SharedRateLimitTests {
    @Test("two nodes racing 200 acquisitions of a limit of 10 per hour (burst 10): exactly 10 proceed, from both nodes")
    func twoNodesRace() async throws {
        let database = try TestDatabase(.postgres)
        let nodes = [try await database.open(), try await database.open()]
        let limiters = nodes.map { $0.makeRateLimitStore() }
        let connection = ConnectionRateLimits(
            connection: RateLimit(10, per: .seconds(3600), burst: 10), perRecipient: RateLimit(1, per: .seconds(3600), burst: 1))
        let granted = try await withThrowingTaskGroup(of: (node: Int, proceeded: Bool).self) { group in
            for index in 0..<200 {
                let node = index % 2
                let limiter = limiters[node]
                // 40 recipients: each pair cell also races (5 tries each), and keys come in both orders.
                let cells = connection.cells(connection: "wa", recipient: "r\(index % 40)")
                group.addTask {
                    let decision = try await limiter.acquire(node == 0 ? cells : cells.reversed(), now: WallClock().now)
                    return (node, decision.isGranted)
                }
            }
            var granted: [Int] = []
            for try await answer in group where answer.proceeded { granted.append(answer.node) }
            return granted
        }
        #expect(granted.count == 10, "granted: \(granted)")
        #expect(Set(granted).count == 2, "both nodes took from the one quota: \(granted)")
        for node in nodes { await node.close() }
        await database.remove()
    }

    @Test("a node that stops takes no share: what it did not use, another node gets")
    func stoppedNodeLeavesItsShare() async throws {
        let database = try TestDatabase(.postgres)
        let first = try await database.open()
        let second = try await database.open()
        let cell = RateCell.connection("wa", limit: RateLimit(10, per: .seconds(3600), burst: 10))
        let a = first.makeRateLimitStore()
        for _ in 0..<3 {
            let decision = try await a.acquire([cell], now: WallClock().now)
            #expect(decision.isGranted)
        }
        await first.close()
        let b = second.makeRateLimitStore()
        var proceeded = 0
        for _ in 0..<12 where try await b.acquire([cell], now: WallClock().now).isGranted { proceeded += 1 }
        // Not 5 (half of 10, as a configured node count divided it): all 7 left.
        #expect(proceeded == 7)
        await second.close()
        await database.remove()
    }
}

struct RateLimitTestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension SharedRateLimitTests {
    @Test("slots are reserved up to the horizon ahead, one interval apart; beyond it, a wait until one is within reach")
    func reservedSlots() async throws {
        let database = try TestDatabase(.postgres)
        let store = try #require(try await database.open() as? PostgresEventStore)
        let limits = store.makeRateLimitStore(lead: .zero, horizon: .seconds(1200))
        let cell = RateCell.connection("wa", limit: RateLimit(1, per: .seconds(600)))
        let now = WallClock().now
        let first = try await limits.acquire([cell], now: now)
        let second = try await limits.acquire([cell], now: now)
        let third = try await limits.acquire([cell], now: now)
        let fourth = try await limits.acquire([cell], now: now)
        await store.close()
        await database.remove()
        #expect(first == .proceed)
        guard case .scheduled(let secondAt) = second, case .scheduled(let thirdAt) = third, case .wait(let until) = fourth else {
            throw RateLimitTestFailure("expected two slots ahead then a wait: \(second), \(third), \(fourth)")
        }
        #expect(secondAt > now.advanced(by: .seconds(590)) && secondAt < now.advanced(by: .seconds(610)))
        #expect(secondAt.duration(to: thirdAt) > .seconds(590) && secondAt.duration(to: thirdAt) < .seconds(610))
        // The next slot is 30 minutes ahead: within the 20-minute horizon 10 minutes from now.
        #expect(until > now.advanced(by: .seconds(590)) && until < now.advanced(by: .seconds(610)))
    }
}

extension RateDecision {
    /// Sent now or at a reserved slot (PostgreSQL's slots are a little ahead): not refused.
    var isGranted: Bool {
        if case .wait = self { return false }
        return true
    }
}
