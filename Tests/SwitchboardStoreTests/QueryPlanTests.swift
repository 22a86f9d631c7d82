import Foundation
import Testing

@testable import SwitchboardStore

/// The queries that run per webhook, per send or per API request must use an index: a full scan of
/// events, conversations or outbound messages grows with the store's whole history.
@Suite("Query plans of the hot paths")
struct QueryPlanTests {
    static let hotQueries: [(name: String, sql: String)] = [
        ("stored statuses by provider message id (every send)", SQLiteEventStore.storedStatusesSQL),
        ("account contacts (every send request)", SQLiteEventStore.knownContactsSQL),
        ("business-initiated contacts of the last 24 h (every send request)", SQLiteEventStore.reachedContactsSQL),
        ("due messages (every dispatcher round)", SQLiteEventStore.dueOutboundSQL),
        ("event insert with dedupe (every webhook)", SQLiteEventStore.insertEventSQL),
    ]

    /// `EXPLAIN QUERY PLAN` lines of `sql` on a migrated store.
    static func plan(_ sql: String, path: String) throws -> [String] {
        let connection = try SQLiteConnection(path: path)
        let statement = try connection.statement("EXPLAIN QUERY PLAN " + sql)
        var lines: [String] = []
        while try statement.step() { lines.append(statement.string(3)) }
        statement.reset()
        return lines
    }

    @Test(arguments: hotQueries.map(\.name))
    func usesIndexesOnly(_ name: String) async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let store = try SQLiteEventStore(path: folder.databasePath)
        let sql = try #require(Self.hotQueries.first { $0.name == name }).sql
        let plan = try Self.plan(sql, path: folder.databasePath)
        let scans = plan.filter { line in
            ["events", "conversations", "outbound_messages", "m", "h"].contains { table in
                line.hasPrefix("SCAN \(table)") && !line.hasPrefix("SCAN \(table) USING INDEX outbound_active")
            }
        }
        #expect(scans.isEmpty, "full scans in \(name): \(plan)")
        await store.close()
    }
}
