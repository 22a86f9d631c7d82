import Foundation
import SwitchboardCore
import SwitchboardLedger
import SwitchboardQueue
import SwitchboardStore
import TestSupport
import Testing

// TEMPORARY (H2): store-level accept throughput on PostgreSQL, 32 concurrent clients: acceptOutbound (ledger) vs
// conversation read + outboundAccountFacts + enqueueOutbound (the path before). Deleted before handing back.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["H2_PERF"] != nil))
struct LedgerZZTempPerfPostgres {
    @Test func acceptRate() async throws {
        let backend: StoreBackend = ProcessInfo.processInfo.environment["H2_PERF"] == "sqlite" ? .sqlite : .postgres
        let database = try TestDatabase(backend)
        let store = try await database.open()
        try await LedgerSamples.open(store, balance: "1000000.00")
        let total = 1200
        for round in 0..<2 {
            for arm in ["before", "ledger"] {
                let counter = Counter()
                let start = ContinuousClock.now
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for client in 0..<32 {
                        group.addTask {
                            while true {
                                let index = await counter.next()
                                guard index < total / 2 else { return }
                                let contact = "\(round)\(arm == "ledger" ? 1 : 2)\(client)\(index)"
                                let message = OutboundSamples.message("\(arm)-\(round)-\(index)", to: contact, businessInitiated: true)
                                if arm == "ledger" {
                                    _ = try await store.acceptOutbound(message, scope: LedgerSamples.scope(contact), decide: LedgerSamples.decide())
                                } else {
                                    _ = try await store.conversation(message.conversation)
                                    _ = try await store.outboundAccountFacts(conversation: message.conversation, since: Timestamp(seconds: 0))
                                    _ = try await store.enqueueOutbound(message)
                                }
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                let elapsed = ContinuousClock.now - start
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                print("H2PERF \(backend) round \(round) \(arm): \(Int(Double(total / 2) / seconds)) accepts/s")
            }
        }
        await store.close()
        await database.remove()
    }
}

actor Counter {
    var value = 0
    func next() -> Int {
        defer { value += 1 }
        return value
    }
}
