import SwitchboardCore
import SwitchboardStore
import TestSupport
import Testing

/// The quarantine as operators read it: pages by id, one request by id, and the mark of a reprocessing.
@Suite("Quarantine contract")
struct QuarantineContractTests {
    private static func request(_ number: Int, connection: String? = "wa") -> QuarantinedRequest {
        QuarantinedRequest(
            receivedAt: Timestamp(seconds: Int64(number)), provider: "meta", connection: connection, reason: "malformed_body: \(number)",
            method: "POST", url: "http://h/webhooks/meta", headers: [HTTPField(name: "Content-Type", value: "application/json")],
            body: Array("{\"n\":\(number)}".utf8))
    }

    @Test(
        "pages of the quarantine go newest first by id without gaps or repeats; one request reads back by id",
        arguments: StoreBackend.available)
    func pagesAndLookup(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            for number in 1...7 { try await store.quarantine(Self.request(number)) }
            var seen: [String] = []
            var before: Int64?
            var ids: [Int64] = []
            while true {
                let page = try await store.quarantined(limit: 3, before: before, bodies: false)
                #expect(page.allSatisfy { $0.body.isEmpty && $0.bodyBytes == "{\"n\":\($0.receivedAt.milliseconds / 1000)}".utf8.count })
                seen += page.map(\.reason)
                ids += page.compactMap(\.id)
                guard page.count == 3, let last = page.last?.id else { break }
                before = last
            }
            #expect(seen == (1...7).reversed().map { "malformed_body: \($0)" })
            #expect(ids.count == 7 && ids == ids.sorted(by: >))
            let oldest = try #require(try await store.quarantinedRequest(id: ids[6]))
            #expect(oldest.body == Array("{\"n\":1}".utf8))
            #expect(oldest.headers == [HTTPField(name: "Content-Type", value: "application/json")])
            #expect(oldest.connection == "wa")
            #expect(oldest.reprocessedAt == nil && oldest.reprocessedEvents == nil)
            #expect(try await store.quarantinedRequest(id: (ids.first ?? 0) + 1000) == nil)
        }
    }

    @Test("a reprocessing is recorded on the row, which stays until retention removes it", arguments: StoreBackend.available)
    func markReprocessed(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await store.quarantine(Self.request(1))
            try await store.quarantine(Self.request(2, connection: nil))
            let rows = try await store.quarantined(limit: 10)
            let first = try #require(rows.last?.id)
            try await store.markReprocessed(quarantineID: first, at: Timestamp(seconds: 500), events: 3)
            let marked = try #require(try await store.quarantinedRequest(id: first))
            #expect(marked.reprocessedAt?.milliseconds == 500_000)
            #expect(marked.reprocessedEvents == 3)
            let newest = try #require(rows.first?.id)
            let other = try #require(try await store.quarantinedRequest(id: newest))
            #expect(other.reprocessedAt == nil && other.connection == nil)
            #expect(try await store.quarantined(limit: 10).count == 2)
            #expect(
                try await store.prune(RetentionCutoffs(quarantine: Timestamp(seconds: 10)), batchSize: 10) == PruneCounts(quarantined: 2))
        }
    }
}
