import Foundation
import Synchronization
import Testing

@testable import SwitchboardStore

/// Gathering of background writes under load (see ``SQLiteWriter``): with a ten-second window every
/// case is far from its timing boundary, so none depends on the machine's speed.
@Suite("Gathering of background writes in the SQLite writer")
struct GatheringTests {
    static let window: TimeInterval = 10
    /// "At once": well inside the window, with room for a first fsync on a machine busy with other tests.
    static let atOnce: TimeInterval = window / 2

    /// A writer over a scratch database, with a long gathering window.
    static func makeWriter(_ folder: URL) throws -> SQLiteWriter {
        let connection = try SQLiteConnection(path: folder.appendingPathComponent("gather.db").path)
        try connection.execute("PRAGMA journal_mode = WAL")
        try connection.execute("CREATE TABLE scratch (n INTEGER)")
        return SQLiteWriter(connection: connection, gatherWindow: window) {}
    }

    static func insert(_ writer: SQLiteWriter, _ n: Int, urgent: Bool) async throws {
        try await writer.perform(urgent: urgent) { connection throws(StoreError) in
            let statement = try connection.statement("INSERT INTO scratch (n) VALUES (?1)")
            statement.bind(1, n)
            try statement.step()
        }
    }

    /// Puts the writer "under load": a group of three requests (queued behind a slow one) is the last group.
    static func load(_ writer: SQLiteWriter) async throws {
        async let slow: Void = writer.perform { _ throws(StoreError) in Thread.sleep(forTimeInterval: 0.3) }
        try await Task.sleep(for: .milliseconds(100))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<3 { group.addTask { try await insert(writer, n, urgent: true) } }
            try await group.waitForAll()
        }
        try await slow
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    @Test("urgent writes wait for company only at a steady rate (two or more due within the window) and a short queue")
    func urgentCommitDelay() {
        // 500 µs window: arrivals every 100 µs (10 000/s) → 5 expected; every 250 µs → 2; every 300 µs → too few.
        #expect(SQLiteWriter.urgentGatherTarget(queued: 1, meanInterArrival: 100_000) == 6)
        #expect(SQLiteWriter.urgentGatherTarget(queued: 1, meanInterArrival: 250_000) == 3)
        #expect(SQLiteWriter.urgentGatherTarget(queued: 1, meanInterArrival: 300_000) == nil)
        #expect(SQLiteWriter.urgentGatherTarget(queued: 3, meanInterArrival: 10_000) == 11, "at most 8 more")
        #expect(SQLiteWriter.urgentGatherTarget(queued: 4, meanInterArrival: 10_000) == nil, "a group is already there")
        #expect(SQLiteWriter.urgentGatherTarget(queued: 1, meanInterArrival: .infinity) == nil, "no rate known yet")
    }

    @Test("at light load a background write commits at once")
    func lightLoad() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let writer = try Self.makeWriter(folder.url)
        let start = ContinuousClock.now
        try await Self.insert(writer, 1, urgent: false)
        #expect(Self.seconds(since: start) < Self.atOnce)
        await writer.stop()
    }

    @Test("under load a background write waits for company, and an urgent write takes it along at once")
    func urgentEndsGathering() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let writer = try Self.makeWriter(folder.url)
        try await Self.load(writer)
        let before = writer.statistics.transactions
        let done = Atomic<Bool>(false)
        let start = ContinuousClock.now
        let background = Task {
            try await Self.insert(writer, 10, urgent: false)
            done.store(true, ordering: .sequentiallyConsistent)
        }
        try await Task.sleep(for: .milliseconds(300))
        let doneEarly = done.load(ordering: .sequentiallyConsistent)
        #expect(!doneEarly, "the background write is held for company")
        try await Self.insert(writer, 11, urgent: true)
        try await background.value
        #expect(Self.seconds(since: start) < Self.atOnce, "the urgent write ended the gathering long before the window")
        #expect(writer.statistics.transactions - before == 1, "both went in one transaction")
        await writer.stop()
    }

    @Test("under load a gathering group commits as soon as it reaches twice the last group's size")
    func targetEndsGathering() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let writer = try Self.makeWriter(folder.url)
        try await Self.load(writer)
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<6 { group.addTask { try await Self.insert(writer, 20 + n, urgent: false) } }
            try await group.waitForAll()
        }
        #expect(Self.seconds(since: start) < Self.atOnce)
        await writer.stop()
    }

    @Test("stopping the store commits a gathering group at once")
    func stopEndsGathering() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let writer = try Self.makeWriter(folder.url)
        try await Self.load(writer)
        let start = ContinuousClock.now
        let background = Task { try await Self.insert(writer, 30, urgent: false) }
        try await Task.sleep(for: .milliseconds(200))
        await writer.stop()
        try await background.value
        #expect(Self.seconds(since: start) < Self.atOnce)
    }
}
