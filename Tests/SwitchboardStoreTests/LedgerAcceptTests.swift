import Foundation
import SwitchboardCore
import SwitchboardLedger
import SwitchboardQueue
import SwitchboardStore
import Testing

/// Accepting sends through the ledger on a real SQLite file: check and reserve in one step.
@Suite("Ledger accept (SQLite)")
struct LedgerAcceptTests {
    @Test("a balance exactly covering one message accepts it, holds all of it, and refuses the next")
    func exactlyCoveringOne() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteEventStore(path: directory.databasePath)
        let price = LedgerSamples.usd("0.0250")
        try await store.openWallets(
            [WalletOpening(id: LedgerSamples.wallet, currency: "USD", openingBalance: price)], at: Timestamp(seconds: 900))

        let first = try await store.acceptOutbound(
            LedgerSamples.message("m1"), scope: LedgerSamples.scope(), decide: LedgerSamples.payingDecision("m1", price: price))
        guard case .created(let record) = first else { Issue.record("not created: \(first)"); return }
        #expect(record.id == "m1")
        let wallet = try #require(try await store.wallet(LedgerSamples.wallet))
        #expect(wallet.balance == price)
        #expect(wallet.held == price)
        #expect(wallet.available == .zero)
        #expect(try await store.hold(messageID: "m1")?.state == .held)

        let second = try await store.acceptOutbound(
            LedgerSamples.message("m2"), scope: LedgerSamples.scope(), decide: LedgerSamples.payingDecision("m2", price: price))
        guard case .refused(let decision) = second else { Issue.record("not refused: \(second)"); return }
        #expect(decision["code"]?.string == "balance_exhausted")
        #expect(try await store.outboundMessage(id: "m2") == nil)
        #expect(try await store.hold(messageID: "m2") == nil)

        let entries = try await store.ledgerEntries(wallet: LedgerSamples.wallet, limit: 10, before: nil)
        #expect(entries.map(\.kind) == [.hold, .open])
        #expect(entries.first?.messageID == "m1")
        #expect(entries.first?.heldAfter == price)
        #expect(entries.first?.actor == "api:key-a")
        await store.close()
    }

    @Test("50 concurrent accepts with money for 10 accept exactly 10, and the wallet holds 10.00")
    func concurrentBoundary() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteEventStore(path: directory.databasePath)
        let price = LedgerSamples.usd("1.00")
        try await store.openWallets(
            [WalletOpening(id: LedgerSamples.wallet, currency: "USD", openingBalance: LedgerSamples.usd("10.00"))],
            at: Timestamp(seconds: 900))
        let accepted = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<50 {
                group.addTask {
                    let id = "race-\(index)"
                    let outcome = try await store.acceptOutbound(
                        LedgerSamples.message(id, to: "\(200 + index)"), scope: LedgerSamples.scope("\(200 + index)"),
                        decide: LedgerSamples.payingDecision(id, price: price))
                    if case .created = outcome { return true }
                    return false
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(accepted == 10)
        let wallet = try #require(try await store.wallet(LedgerSamples.wallet))
        #expect(wallet.held == LedgerSamples.usd("10.00"))
        #expect(wallet.balance == LedgerSamples.usd("10.00"))
        #expect(wallet.available == .zero)
        #expect(
            try await store.ledgerEntries(wallet: LedgerSamples.wallet, limit: 100, before: nil).filter { $0.kind == .hold }.count == 10)
        await store.close()
    }

    @Test("the same idempotency key returns the first message without a second hold")
    func idempotentAccept() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteEventStore(path: directory.databasePath)
        let price = LedgerSamples.usd("1.00")
        try await store.openWallets(
            [WalletOpening(id: LedgerSamples.wallet, currency: "USD", openingBalance: price.multiplied(by: 5)!)],
            at: Timestamp(seconds: 900))
        let message = LedgerSamples.message("k1", idempotencyKey: "crm-1")
        _ = try await store.acceptOutbound(message, scope: LedgerSamples.scope(), decide: LedgerSamples.payingDecision("k1", price: price))
        var again = message
        again.id = "k2"
        again.requestHash = "another body"
        let replay = try await store.acceptOutbound(
            again, scope: LedgerSamples.scope(), decide: LedgerSamples.payingDecision("k2", price: price))
        guard case .existing(let record, let sameRequest) = replay else { Issue.record("not existing: \(replay)"); return }
        #expect(record.id == "k1")
        #expect(!sameRequest)
        #expect(try await store.wallet(LedgerSamples.wallet)?.held == price)
        await store.close()
    }

    @Test("an accept writes the reservation: conversation state, reach and the decision; the snapshot reads them back")
    func reservationWritten() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteEventStore(path: directory.databasePath)
        var state = ConversationState(channel: .whatsapp, account: LedgerSamples.account, contact: "300")
        state.attachmentBytesByMonth["1970-01"] = 4096
        state.privateRepliedComments = ["c-1"]
        let reservation = AcceptReservation(
            hold: HoldRecord(
                messageID: "free-1", wallet: nil, amount: .zero, category: "service", settlesOn: .sent, attachmentBytes: 4096,
                attachmentMonth: "1970-01", conversation: LedgerSamples.conversation("300"), createdAt: Timestamp(seconds: 1000)),
            conversation: state, reach: true)
        let outcome = try await store.acceptOutbound(
            LedgerSamples.message("free-1", to: "300"), scope: LedgerSamples.scope("300", wallet: nil)
        ) { snapshot in
            #expect(snapshot.wallet == nil)
            return .accept(decision: ["allowed": true, "rule": "test"], businessInitiated: true, reservation: reservation)
        }
        guard case .created = outcome else { Issue.record("not created: \(outcome)"); return }
        let stored = try #require(try await store.outboundMessage(id: "free-1"))
        #expect(stored.decision["rule"]?.string == "test")
        let snapshot = try await store.ledgerSnapshot(LedgerSamples.scope("300", wallet: nil))
        #expect(snapshot.conversation.attachmentBytesByMonth["1970-01"] == 4096)
        #expect(snapshot.conversation.privateRepliedComments == ["c-1"])
        #expect(snapshot.reachedContacts == 1)
        #expect(snapshot.contactReached)
        #expect(snapshot.knownContacts == 1)
        #expect(snapshot.contactIsKnown)
        let other = try await store.ledgerSnapshot(LedgerSamples.scope("301", wallet: nil))
        #expect(other.reachedContacts == 1)
        #expect(!other.contactReached)
        let later = try await store.ledgerSnapshot(LedgerSamples.scope("300", wallet: nil, seconds: 1000 + 86_401))
        #expect(later.reachedContacts == 0)
        await store.close()
    }

    @Test("crossing the low threshold and running out store balance_low and balance_exhausted events with deliveries")
    func notices() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteEventStore(path: directory.databasePath)
        store.configureLedger(LedgerStoreSettings(eventSubscribers: ["ops"], statusSubscribers: []))
        try await store.openWallets(
            [
                WalletOpening(
                    id: LedgerSamples.wallet, currency: "USD", openingBalance: LedgerSamples.usd("10.00"),
                    lowThreshold: LedgerSamples.usd("5.00"))
            ], at: Timestamp(seconds: 900))
        for (id, price) in [("n1", "6.00"), ("n2", "1.00"), ("n3", "3.00")] {
            _ = try await store.acceptOutbound(
                LedgerSamples.message(id), scope: LedgerSamples.scope(),
                decide: LedgerSamples.payingDecision(id, price: LedgerSamples.usd(price)))
        }
        // Events without a contact share one delivery lane per subscriber: the second is due once the first is delivered.
        var deliveries: [PendingDelivery] = []
        while let next = try await store.dueDeliveries(now: Timestamp(seconds: 2000), limit: 10).first {
            deliveries.append(next)
            try await store.complete([DeliveryResult(deliveryID: next.id, outcome: .delivered, at: Timestamp(seconds: 2000))])
        }
        #expect(deliveries.map(\.subscriber) == ["ops", "ops"])
        let events = try deliveries.map { try JSONParser.parse($0.json) }
        #expect(events.map { $0["event"]?["type"]?.string } == ["balance_low", "balance_exhausted"])
        #expect(events.map { $0["kind"]?.string } == ["event", "event"])
        try #require(events.count == 2)
        #expect(events[0]["event"]?["available"]?.string == "4.00")
        #expect(events[0]["event"]?["held"]?.string == "6.00")
        #expect(events[0]["event"]?["low_threshold"]?.string == "5.00")
        #expect(events[1]["event"]?["available"]?.string == "0.00")
        #expect(events[1]["event"]?["currency"]?.string == "USD")
        #expect(events[1]["account"]?.string == LedgerSamples.account)
        await store.close()
    }
}
