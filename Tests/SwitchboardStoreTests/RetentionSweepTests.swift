import SwitchboardStore
import Testing

/// ``RetentionSweep``'s search and windows over a table with gaps in its keys, without a database.
@Suite("Retention sweep")
struct RetentionSweepTests {
    /// Keys with gaps (rows removed earlier) and times rising with them.
    static let rows: [(key: Int64, time: Int64)] = [(1, 10), (2, 20), (5, 30), (9, 40), (10, 50)]

    static func row(at key: Int64) -> (key: Int64, time: Int64)? { rows.first { $0.key >= key } }

    @Test("the boundary is the last row before the cutoff; nil when the first row is not before it")
    func boundary() async throws {
        for (cutoff, expected) in [(Int64(35), Int64?(5)), (31, 5), (30, 2), (11, 1), (10, nil), (1000, 10)] {
            let found = try await RetentionSweep.boundary(in: 1...10, before: cutoff) { Self.row(at: $0) }
            #expect(found == expected, "cutoff \(cutoff)")
        }
    }

    @Test("windows of at most the batch size start at the next existing row and stop at the boundary")
    func windows() async throws {
        var calls: [[Int64]] = []
        let counts = try await RetentionSweep.sweep(
            before: 1000, size: 2, keys: (1, 10), row: { Self.row(at: $0) },
            delete: { after, upTo in
                calls.append([after, upTo])
                return PruneCounts(events: Self.rows.filter { $0.key > after && $0.key <= upTo }.count)
            })
        #expect(calls == [[0, 2], [4, 6], [8, 10]])
        #expect(counts.events == 5)

        calls.removeAll()
        _ = try await RetentionSweep.sweep(
            before: 35, size: 3, keys: (1, 10), row: { Self.row(at: $0) },
            delete: { after, upTo in
                calls.append([after, upTo])
                return PruneCounts()
            })
        #expect(calls == [[0, 3], [4, 5]])
    }
}
