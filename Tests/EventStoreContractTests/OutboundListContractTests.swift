import SwitchboardCore
import SwitchboardQueue
import SwitchboardStore
import TestSupport
import Testing

/// Listing the send queue by state (what `GET /v1/messages?state=` reads): dead letters to redrive, newest first.
@Suite("GatewayStore outbound listing")
struct OutboundListContractTests {
    @Test("messages of one state come newest first in pages by sequence, filtered by connection", arguments: StoreBackend.available)
    func listByState(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            func queued(_ id: String, connection: String = "wa", at seconds: Int64) async throws -> OutboundRecord {
                var message = OutboundSamples.message(id, to: id, seconds: seconds)
                message.connection = connection
                guard case .created(let record) = try await store.enqueueOutbound(message) else {
                    Issue.record("not created: \(id)")
                    throw CancellationError()
                }
                return record
            }
            var dead: [String] = []
            for number in 1...5 {
                let record = try await queued("dead-\(number)", at: Int64(100 + number))
                #expect(try await store.applyOutbound([OutboundSamples.dead(record, seconds: 200)]) == [true])
                dead.append(record.id)
            }
            let other = try await queued("dead-other", connection: "fb", at: 110)
            #expect(try await store.applyOutbound([OutboundSamples.dead(other, seconds: 200)]) == [true])
            let sent = try await queued("sent-1", at: 120)
            #expect(try await store.applyOutbound([OutboundSamples.sent(sent, providerID: "wamid.1", seconds: 130)]) == [true])
            _ = try await queued("waiting", at: 140)

            var pages: [[String]] = []
            var before: Int64?
            repeat {
                let page = try await store.outboundMessages(state: .dead, connections: [], limit: 2, before: before)
                pages.append(page.map(\.id))
                before = page.count == 2 ? page.last?.sequence : nil
            } while before != nil
            #expect(pages == [["dead-other", "dead-5"], ["dead-4", "dead-3"], ["dead-2", "dead-1"], []])
            let scoped = try await store.outboundMessages(state: .dead, connections: ["fb"], limit: 10, before: nil)
            #expect(scoped.map(\.id) == ["dead-other"])
            #expect(scoped.first?.deadReason != nil)
            let both = try await store.outboundMessages(state: .dead, connections: ["fb", "wa"], limit: 10, before: nil)
            #expect(both.count == 6)
            #expect(try await store.outboundMessages(state: .sent, connections: [], limit: 10, before: nil).map(\.id) == ["sent-1"])
            #expect(try await store.outboundMessages(state: .queued, connections: ["wa"], limit: 10, before: nil).map(\.id) == ["waiting"])
            #expect(try await store.outboundMessages(state: .failed, connections: [], limit: 10, before: nil).isEmpty)
        }
    }
}
