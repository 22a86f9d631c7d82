import Foundation
import Testing

@testable import SwitchboardStore

/// Group commit: many requests in one transaction, each answered after it committed, and a failing
/// request undone alone (the writer first runs a group without savepoints, then again with them).
@Suite("Group commit of the SQLite writer")
struct GroupCommitTests {
    @Test("a failing request in a group is undone alone: the others commit and get their results")
    func failingRequestIsUndoneAlone() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let store = try SQLiteEventStore(path: folder.databasePath)
        let writer = store.writer
        try await writer.perform { connection throws(StoreError) in try connection.execute("CREATE TABLE scratch (n INTEGER)") }
        let before = writer.statistics.transactions
        // A slow first request holds the writer while the others queue up and form one group.
        async let slow: Void = writer.perform { _ throws(StoreError) in Thread.sleep(forTimeInterval: 0.3) }
        try await Task.sleep(for: .milliseconds(50))
        let results = await withTaskGroup(of: (Int, Result<Int, StoreError>).self) { group in
            for n in 0..<20 {
                group.addTask {
                    do throws(StoreError) {
                        let value = try await writer.perform { connection throws(StoreError) -> Int in
                            let insert = try connection.statement("INSERT INTO scratch (n) VALUES (?1)")
                            insert.bind(1, n)
                            try insert.step()
                            if n == 7 { throw StoreError(code: "test", message: "request 7 fails after its insert") }
                            return n * 10
                        }
                        return (n, .success(value))
                    } catch {
                        return (n, .failure(error))
                    }
                }
            }
            var collected: [Int: Result<Int, StoreError>] = [:]
            for await (n, result) in group { collected[n] = result }
            return collected
        }
        try await slow
        for n in 0..<20 where n != 7 { #expect(try results[n]?.get() == n * 10) }
        #expect(throws: StoreError.self) { try results[7]?.get() }
        let rows = try store.readers.read { connection throws(StoreError) -> [Int64] in
            let statement = try connection.statement("SELECT n FROM scratch ORDER BY n")
            var values: [Int64] = []
            while try statement.step() { values.append(statement.int64(0)) }
            return values
        }
        #expect(rows == (0..<20).filter { $0 != 7 }.map(Int64.init))
        // The twenty went in far fewer transactions than requests.
        #expect(writer.statistics.transactions - before < 10)
        await store.close()
    }
}
