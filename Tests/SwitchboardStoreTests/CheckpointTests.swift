import Foundation
import Testing

@testable import SwitchboardStore

/// Background checkpoints (``SQLiteCheckpointer``): the WAL is copied back into the database file off the
/// writer's commit path, and it still restarts from its beginning, so it stays bounded under continuous writes.
@Suite("Background WAL checkpoints")
struct CheckpointTests {
    static let threshold: Int32 = 32
    static let payload = [UInt8](repeating: 0x5A, count: 3000)

    static func makeWriter(_ path: String) throws -> SQLiteWriter {
        let connection = try SQLiteConnection(path: path)
        try connection.execute("PRAGMA journal_mode = WAL")
        try connection.execute("PRAGMA synchronous = FULL")
        try connection.execute("CREATE TABLE IF NOT EXISTS scratch (n INTEGER, body BLOB)")
        let checkpointer = try SQLiteCheckpointer(path: path, synchronous: .full, threshold: threshold)
        return SQLiteWriter(connection: connection, checkpointer: checkpointer) {}
    }

    static func insert(_ writer: SQLiteWriter, _ n: Int) async throws {
        try await writer.perform { connection throws(StoreError) in
            let statement = try connection.statement("INSERT INTO scratch (n, body) VALUES (?1, ?2)")
            statement.bind(1, n)
            statement.bind(2, blob: payload)
            try statement.step()
        }
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    @Test("under continuous commits the WAL is checkpointed in the background and restarted, so it stays small")
    func walStaysBounded() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.url.appendingPathComponent("checkpoint.db").path
        let writer = try Self.makeWriter(path)
        let commits = 1500
        for n in 0..<commits { try await Self.insert(writer, n) }
        // Without any checkpoint the WAL would hold every commit: 1 500 × (a 3 000-byte row's page + index and
        // header pages) ≈ 12 MB and more. Restarted every ~32 frames it stays around a few hundred kilobytes.
        let walBytes = Self.fileSize(path + "-wal")
        #expect(walBytes < 2_000_000, "WAL grew to \(walBytes) bytes")
        #expect(writer.checkpointPasses > 0)
        #expect(writer.checkpointCatchUps > 0)
        await writer.stop()

        // Everything committed is in the database, and the file itself holds the checkpointed pages.
        #expect(Self.fileSize(path) > commits * Self.payload.count)
        let reader = try SQLiteConnection(path: path, readOnly: true)
        let count = try reader.statement("SELECT COUNT(*), SUM(n) FROM scratch")
        _ = try count.step()
        #expect(count.int64(0) == Int64(commits))
        #expect(count.int64(1) == Int64(commits * (commits - 1) / 2))
    }

    @Test("concurrent writers keep every commit while checkpoints run beside them")
    func concurrentCommitsSurvive() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.url.appendingPathComponent("checkpoint.db").path
        let writer = try Self.makeWriter(path)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<8 {
                group.addTask { for n in 0..<150 { try await Self.insert(writer, lane * 1000 + n) } }
            }
            try await group.waitForAll()
        }
        #expect(writer.checkpointPasses > 0)
        await writer.stop()
        let reader = try SQLiteConnection(path: path, readOnly: true)
        let count = try reader.statement("SELECT COUNT(DISTINCT n) FROM scratch")
        _ = try count.step()
        #expect(count.int64(0) == 1200)
    }
}
