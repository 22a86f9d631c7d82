import Foundation

/// Read-only connections for queries, so reads never wait behind the writer (WAL readers see the
/// last committed state). A reader is checked out for the duration of one synchronous query.
final class SQLiteReaderPool: @unchecked Sendable {
    private let path: String
    private let lock = NSLock()
    private var idle: [SQLiteConnection] = []
    private let maxIdle: Int
    private var closed = false

    init(path: String, maxIdle: Int = 4) {
        self.path = path
        self.maxIdle = maxIdle
    }

    /// Runs `body` with a reader connection.
    func read<T>(_ body: (SQLiteConnection) throws(StoreError) -> T) throws(StoreError) -> T {
        lock.lock()
        if closed {
            lock.unlock()
            throw StoreError(code: "closed", message: "the store is closed")
        }
        let pooled = idle.popLast()
        lock.unlock()
        let connection: SQLiteConnection
        if let pooled {
            connection = pooled
        } else {
            connection = try SQLiteConnection(path: path, readOnly: true)
            try connection.execute("PRAGMA busy_timeout = 5000")
        }
        defer {
            connection.resetAll()
            lock.lock()
            if !closed && idle.count < maxIdle { idle.append(connection) }
            lock.unlock()
        }
        return try body(connection)
    }

    /// Closes every idle reader.
    func close() {
        lock.lock()
        closed = true
        idle.removeAll()
        lock.unlock()
    }
}
