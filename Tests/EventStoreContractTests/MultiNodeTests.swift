import PostgresNIO
import SwitchboardCore
import SwitchboardPostgres
import SwitchboardQueue
import SwitchboardStore
import TestSupport
import Testing

/// Several gateway processes ("nodes") on one PostgreSQL database. SQLite is one process by design
/// (its outbox does not claim), so these run only against PostgreSQL.
@Suite(
    "PostgreSQL: several nodes on one database", .enabled(if: StoreBackend.postgresURL != nil, "SWITCHBOARD_TEST_POSTGRES_URL is not set"))
struct MultiNodeTests {
    /// What the claimers saw, to check that nothing was handed out twice and order was kept.
    actor ClaimLog {
        var claimed: [Int64: String] = [:]
        var twice: [Int64] = []
        var order: [String: [String]] = [:]

        func record(_ delivery: PendingDelivery, node: String) {
            if claimed[delivery.id] != nil { twice.append(delivery.id) }
            claimed[delivery.id] = node
            order["\(delivery.subscriber)|\(delivery.conversation)", default: []].append(delivery.eventID)
        }
    }

    @Test("two nodes claiming concurrently never get the same delivery, and each conversation stays in order")
    func twoNodesClaim() async throws {
        let database = try TestDatabase(.postgres)
        let nodes = [try await database.open(), try await database.open()]
        var expectedOrder: [String: [String]] = [:]
        var records: [EventRecord] = []
        for index in 0..<60 {
            let event = SampleEvents.inboundMessage("N\(index)", contact: "\(index % 12)", seconds: 1_714_564_800 + Int64(index))
            records.append(EventRecord(event: event, connection: "wa", subscribers: ["crm", "audit"]))
            for subscriber in ["crm", "audit"] {
                expectedOrder["\(subscriber)|\(event.conversation ?? "")", default: []].append(event.id)
            }
        }
        // Appended from both nodes, in chunks, so that the outbox is filled by two processes as well.
        for (offset, chunk) in stride(from: 0, to: records.count, by: 5).map({ ($0, Array(records[$0..<$0 + 5])) }) {
            _ = try await nodes[(offset / 5) % 2].append(chunk, receivedAt: Timestamp(seconds: 1))
        }
        let log = ClaimLog()
        let now = Timestamp(seconds: 10)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<4 {
                let store = nodes[worker % 2]
                group.addTask {
                    var idle = 0
                    while idle < 200 {
                        let due = try await store.dueDeliveries(now: now, limit: 5)
                        if due.isEmpty {
                            idle += 1
                            if try await store.deliveryBacklog(now: now).pending == 0 { return }
                            try await Task.sleep(for: .milliseconds(10))
                            continue
                        }
                        idle = 0
                        for delivery in due { await log.record(delivery, node: "node\(worker % 2)") }
                        try await store.complete(due.map { DeliveryResult(deliveryID: $0.id, outcome: .delivered, at: now) })
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(await log.twice.isEmpty)
        #expect(await log.claimed.count == 120)
        #expect(await log.order == expectedOrder)
        #expect(Set(await log.claimed.values) == ["node0", "node1"])
        #expect(try await nodes[0].deliveryBacklog(now: now).pending == 0)
        for node in nodes { await node.close() }
        await database.remove()
    }

    @Test("a delivery claimed by a node that never completes it goes to another node after the lease")
    func leaseExpiry() async throws {
        let database = try TestDatabase(.postgres)
        let crashed = try await database.open(claimLeaseMilliseconds: 30_000)
        let survivor = try await database.open(claimLeaseMilliseconds: 30_000)
        let event = SampleEvents.inboundMessage("L")
        _ = try await crashed.append([EventRecord(event: event, connection: "wa", subscribers: ["crm"])], receivedAt: Timestamp(seconds: 1))
        #expect(try await crashed.dueDeliveries(now: Timestamp(seconds: 2), limit: 10).map(\.eventID) == [event.id])
        await crashed.close()
        #expect(try await survivor.dueDeliveries(now: Timestamp(seconds: 3), limit: 10).isEmpty)
        #expect(try await survivor.dueDeliveries(now: Timestamp(seconds: 31), limit: 10).isEmpty)
        let takenOver = try await survivor.dueDeliveries(now: Timestamp(seconds: 32), limit: 10)
        #expect(takenOver.map(\.eventID) == [event.id])
        await survivor.close()
        await database.remove()
    }

    @Test("two nodes starting at once on an empty schema both migrate it, each migration applied once")
    func concurrentMigrations() async throws {
        let database = try TestDatabase(.postgres)
        async let first = database.open()
        async let second = database.open()
        let nodes = try await [first, second]
        _ = try await nodes[0].append(
            [EventRecord(event: SampleEvents.inboundMessage("M"), connection: "wa")], receivedAt: Timestamp(seconds: 1))
        #expect(try await nodes[1].eventCount() == 1)
        for node in nodes { await node.close() }
        let configuration = try #require(database.postgres)
        let schema = try #require(configuration.schema)
        let versions = try await TestDatabase.withAdminClient(configuration) { client in
            var versions: [Int] = []
            for try await version in try await client.query("SELECT version FROM \(unescaped: schema).schema_migrations ORDER BY version")
                .decode(Int.self)
            {
                versions.append(version)
            }
            return versions
        }
        #expect(versions == Array(1...10))
        await database.remove()
    }
}

extension MultiNodeTests {
    @Test("an outbound claim holds its message and the rest of its conversation on other nodes until the lease ends or the node closes")
    func outboundClaims() async throws {
        let database = try TestDatabase(.postgres)
        let nodeA = try await database.open(claimLeaseMilliseconds: 10_000)
        let nodeB = try await database.open(claimLeaseMilliseconds: 10_000)
        for (id, contact) in [("m1", "1"), ("m2", "1"), ("m3", "2")] {
            _ = try await nodeA.enqueueOutbound(OutboundSamples.message(id, to: contact, seconds: 10))
        }
        let now = Timestamp(seconds: 100)
        #expect(try await nodeA.dueOutbound(now: now, limit: 1, excluding: []).records.map(\.id) == ["m1"])
        // B sees neither m1 (claimed) nor m2 (behind it); m3's conversation is free.
        let onB = try await nodeB.dueOutbound(now: now, limit: 10, excluding: [])
        #expect(onB.records.map(\.id) == ["m3"])
        #expect(onB.nextDueAt?.milliseconds == 110_000, "B wakes when A's claim ends")
        // A gets its own claim back (a message its rate limiter held): one node behaves as SQLite does.
        #expect(try await nodeA.dueOutbound(now: now, limit: 10, excluding: []).records.map(\.id) == ["m1"])
        // After the lease, B takes m1 over (A died mid-send).
        #expect(try await nodeB.dueOutbound(now: Timestamp(seconds: 111), limit: 10, excluding: ["m3"]).records.map(\.id) == ["m1"])
        // Closing releases the node's claims at once.
        await nodeB.close()
        #expect(try await nodeA.dueOutbound(now: Timestamp(seconds: 112), limit: 10, excluding: []).records.map(\.id) == ["m1", "m3"])
        await nodeA.close()
        await database.remove()
    }
}

extension MultiNodeTests {
    @Test("a status webhook stored on one node while another records the send's provider id is never lost")
    func statusRacesSend() async throws {
        let database = try TestDatabase(.postgres)
        let nodeA = try await database.open()
        let nodeB = try await database.open()
        var records: [OutboundRecord] = []
        for index in 0..<100 {
            guard case .created(let record) = try await nodeA.enqueueOutbound(OutboundSamples.message("race\(index)", to: "\(index)"))
            else { continue }
            records.append(record)
        }
        // Node A records each send while node B stores the provider's `delivered` for it, at the same moment.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for record in records {
                let providerID = "wamid.RACE.\(record.id)"
                group.addTask { _ = try await nodeA.applyOutbound([OutboundSamples.sent(record, providerID: providerID, seconds: 50)]) }
                group.addTask {
                    let status = OutboundSamples.status(.delivered, providerID: providerID, seconds: 51)
                    _ = try await nodeB.append([EventRecord(event: status, connection: "wa")], receivedAt: Timestamp(seconds: 51))
                }
            }
            try await group.waitForAll()
        }
        for record in records {
            let stored = try #require(try await nodeA.outboundMessage(id: record.id))
            #expect(stored.deliveryStatus == .delivered, "\(record.id)")
            #expect(try await nodeA.outboundHistory(id: record.id).map(\.status) == ["queued", "sent", "delivered"])
        }
        await nodeA.close()
        await nodeB.close()
        await database.remove()
    }
}
