import Foundation
import SwitchboardCore
import SwitchboardLedger
import SwitchboardQueue
import SwitchboardStore
import Testing
import TestSupport

@Suite("ZZ temp perf H1")
struct ZZTempPerfH1 {
    @Test(arguments: [5000])
    func measure(prefill: Int) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteEventStore(path: directory.databasePath, options: .init(synchronous: .normal))
        try await store.openWallets([WalletOpening(id: LedgerSamples.wallet, currency: "USD", openingBalance: LedgerSamples.usd("100000.00"))], at: Timestamp(seconds: 900))
        var i = 0
        while i < prefill {
            var records: [EventRecord] = []
            for j in i..<min(prefill, i + 500) { records.append(EventRecord(event: SampleEvents.inboundMessage("p\(j)", contact: "9\(j)"), connection: "wa")) }
            _ = try await store.append(records, receivedAt: Timestamp(seconds: 500))
            i += 500
        }
        let n = 4000
        for round in 0..<2 {
            let start = Date()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<32 {
                    group.addTask {
                        for k in stride(from: worker, to: n, by: 32) {
                            let id = "r\(round)-\(k)"
                            let contact = "\(k % 2000)"
                            _ = try await store.outboundAccountFacts(conversation: LedgerSamples.conversation(contact), since: Timestamp(seconds: 0))
                            _ = try await store.enqueueOutbound(LedgerSamples.message(id, to: contact))
                        }
                    }
                }
                try await group.waitForAll()
            }
            let old = Double(n) / Date().timeIntervalSince(start)
            let start2 = Date()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<32 {
                    group.addTask {
                        for k in stride(from: worker, to: n, by: 32) {
                            let id = "a\(round)-\(k)"
                            let contact = "\(k % 2000)"
                            _ = try await store.acceptOutbound(LedgerSamples.message(id, to: contact), scope: LedgerSamples.scope(contact), decide: LedgerSamples.payingDecision(id, price: LedgerSamples.usd("0.01"), reservation: AcceptReservation(hold: LedgerSamples.hold(id, price: LedgerSamples.usd("0.01"), contact: contact), reach: true)))
                        }
                    }
                }
                try await group.waitForAll()
            }
            let new = Double(n) / Date().timeIntervalSince(start2)
            print("H1PERF prefill=\(prefill) round=\(round) old=\(Int(old))/s ledger=\(Int(new))/s ratio=\(new / old)")
        }
        await store.close()
    }
}
