import SwitchboardCore
import SwitchboardLedger
import SwitchboardQueue
import SwitchboardStore
import TestSupport
import Testing

/// Accepting sends through the account ledger (check and reserve in one step), on every store: SQLite and, when a
/// test server is configured, PostgreSQL.
@Suite("AccountLedger contract: accept")
struct LedgerAcceptContractTests {
    @Test(
        "a balance exactly covering one message accepts it, announces the exhaustion, and refuses the next",
        arguments: StoreBackend.available)
    func exactlyOne(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await LedgerSamples.open(store, balance: "0.05")
            let first = try #require(try await LedgerSamples.accept(store, "m1", to: "100"))
            #expect(first.state == .queued && first.decision == ["allowed": true])
            let wallet = try #require(try await store.wallet(LedgerSamples.wallet))
            #expect(wallet.balance == LedgerSamples.marketing && wallet.held == LedgerSamples.marketing && wallet.available == .zero)
            let hold = try #require(try await store.hold(messageID: "m1"))
            #expect(hold.state == .held && hold.amount == LedgerSamples.marketing && hold.wallet == LedgerSamples.wallet)
            #expect(try await LedgerSamples.entryKinds(store) == [.hold, .open])
            // The exhaustion is an `event` for the subscriber, stored with the hold.
            let notices = try await store.dueDeliveries(now: Timestamp(seconds: 2000), limit: 10)
            #expect(notices.count == 1)
            let notice = try JSONParser.parse(try #require(notices.first).json)
            #expect(notice["kind"] == "event" && notice["event"]?["type"] == "balance_exhausted")
            #expect(notice["event"]?["available"] == "0.00" && notice["event"]?["currency"] == "USD")

            // Nothing of a refused message is written.
            guard
                case .refused(let decision) = try await store.acceptOutbound(
                    OutboundSamples.message("m2", to: "101", businessInitiated: true), scope: LedgerSamples.scope("101"),
                    decide: LedgerSamples.decide())
            else {
                Issue.record("a message the balance does not cover must be refused")
                return
            }
            #expect(decision["code"] == "balance_exhausted")
            #expect(try await store.outboundMessage(id: "m2") == nil)
            #expect(try await store.hold(messageID: "m2") == nil)
            #expect(try await store.conversation(OutboundSamples.conversation("101")) == nil)
            let after = try await store.ledgerSnapshot(LedgerSamples.scope("101"))
            #expect(after.knownContacts == 1 && !after.contactIsKnown && after.reachedContacts == 1 && !after.contactReached)
            #expect(try await LedgerSamples.entryKinds(store) == [.hold, .open])
        }
    }

    @Test("an idempotency key already used returns the first message and holds nothing more", arguments: StoreBackend.available)
    func idempotentAccept(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await LedgerSamples.open(store, balance: "1.00")
            _ = try await LedgerSamples.accept(store, "m1", to: "100", idempotencyKey: "k")
            guard
                case .existing(let record, let sameRequest) = try await store.acceptOutbound(
                    OutboundSamples.message("m2", to: "100", idempotencyKey: "k", businessInitiated: true),
                    scope: LedgerSamples.scope("100"),
                    decide: LedgerSamples.decide())
            else {
                Issue.record("a reused idempotency key must return the first message")
                return
            }
            #expect(record.id == "m1" && sameRequest)
            #expect(try await store.wallet(LedgerSamples.wallet)?.held == LedgerSamples.marketing)
        }
    }

    @Test("the reservation's conversation state and reach are written with the message", arguments: StoreBackend.available)
    func reservationWrites(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await LedgerSamples.open(store, balance: "1.00")
            _ = try await LedgerSamples.accept(store, "m1", to: "100", attachmentBytes: 4096)
            let state = try #require(try await store.conversation(OutboundSamples.conversation("100")))
            #expect(state.attachmentBytesByMonth[LedgerSamples.month] == 4096)
            let snapshot = try await store.ledgerSnapshot(LedgerSamples.scope("100"))
            #expect(snapshot.contactReached && snapshot.reachedContacts == 1 && snapshot.contactIsKnown && snapshot.knownContacts == 1)
            #expect(snapshot.wallet?.held == LedgerSamples.marketing)
            #expect(snapshot.conversation.attachmentBytesByMonth[LedgerSamples.month] == 4096)
        }
    }

    /// 50 sends at once with money for 10: exactly 10 are accepted. On PostgreSQL they race through two stores,
    /// each with its own connection pool, as two gateway processes would.
    @Test("50 concurrent accepts with money for 10 accept exactly 10", arguments: StoreBackend.available)
    func concurrentAccepts(backend: StoreBackend) async throws {
        let database = try TestDatabase(backend)
        let first = try await database.open()
        let stores = backend == .postgres ? [first, try await database.open()] : [first]
        do {
            try await LedgerSamples.open(first, balance: "0.50")
            for store in stores { store.configureLedger(LedgerSamples.subscribers) }
            let accepted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<50 {
                    let store = stores[index % stores.count]
                    group.addTask { try await LedgerSamples.accept(store, "m\(index)", to: "\(1000 + index)") != nil }
                }
                var count = 0
                for try await created in group where created { count += 1 }
                return count
            }
            #expect(accepted == 10)
            let wallet = try #require(try await first.wallet(LedgerSamples.wallet))
            #expect(wallet.held == LedgerSamples.marketing.multiplied(by: 10) && wallet.available == .zero)
            let entries = try await first.ledgerEntries(wallet: LedgerSamples.wallet, limit: 100, before: nil)
            #expect(entries.filter { $0.kind == .hold }.count == 10)
            // Each hold entry saw the previous ones: the held totals are 0.05, 0.10, ... 0.50 in storage order.
            #expect(entries.filter { $0.kind == .hold }.reversed().map(\.heldAfter.micros) == (1...10).map { Int64($0) * 50_000 })
            #expect(try await first.outboundQueueDepth()[.queued] == 10)
        } catch {
            for store in stores { await store.close() }
            await database.remove()
            throw error
        }
        for store in stores { await store.close() }
        await database.remove()
    }
}
