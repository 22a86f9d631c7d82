import Foundation
import Testing

@testable import SwitchboardStore

/// The ledger's queries per send, per outcome and per API read must use an index: a full scan of a ledger table
/// grows with the whole money history.
@Suite("Query plans of the ledger")
struct LedgerQueryPlanTests {
    static let queries: [(name: String, sql: String)] = [
        ("portfolio reach of the last 24 h (every accept)", SQLiteEventStore.reachSQL),
        ("wallet entries, newest first (balance history)", SQLiteEventStore.ledgerEntriesSQL),
        ("credit idempotency key (every top-up)", SQLiteEventStore.entryByKeySQL),
        ("audit list", SQLiteEventStore.auditSQL),
        ("audit list of one target", SQLiteEventStore.auditByTargetSQL),
        ("where a wallet notice comes from (operator credit)", SQLiteEventStore.walletOriginSQL),
    ]

    @Test(arguments: queries.map(\.name))
    func usesIndexes(_ name: String) async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let store = try SQLiteEventStore(path: folder.databasePath)
        let sql = try #require(Self.queries.first { $0.name == name }).sql
        let plan = try QueryPlanTests.plan(sql, path: folder.databasePath)
        let scans = plan.filter { line in
            ["reach", "ledger_entries", "audit", "e", "m"].contains { table in
                line.hasPrefix("SCAN \(table)") && !line.hasPrefix("SCAN \(table) USING")
            }
        }
        #expect(scans.isEmpty, "full scans in \(name): \(plan)")
        await store.close()
    }
}
