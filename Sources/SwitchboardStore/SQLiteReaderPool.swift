import Foundation
import SwitchboardCore

/// Read-only connections for queries, so reads never wait behind the writer (WAL readers see the
/// last committed state). A reader is checked out for the duration of one synchronous query.
final class SQLiteReaderPool: Sendable {
    private let path: String
    private let maxIdle: Int
    private let state = Locked(State())

    private struct State {
        var idle: [Reader] = []
        var closed = false
    }

    /// An idle reader, handed from the thread that returned it to the next that checks it out: one
    /// thread at a time uses it, which the compiler cannot see through the pool.
    private struct Reader: @unchecked Sendable {
        let connection: SQLiteConnection
    }

    init(path: String, maxIdle: Int = 4) {
        self.path = path
        self.maxIdle = maxIdle
    }

    /// Runs `body` with a reader connection.
    func read<T>(_ body: (SQLiteConnection) throws(StoreError) -> T) throws(StoreError) -> T {
        let checkout = state.withLock { state -> (closed: Bool, pooled: Reader?) in
            state.closed ? (true, nil) : (false, state.idle.popLast())
        }
        if checkout.closed { throw StoreError(code: .closed, message: "the store is closed") }
        let connection: SQLiteConnection
        if let pooled = checkout.pooled {
            connection = pooled.connection
        } else {
            connection = try SQLiteConnection(path: path, readOnly: true)
            try connection.execute("PRAGMA busy_timeout = 5000")
        }
        defer {
            connection.resetAll()
            let reader = Reader(connection: connection)
            state.withLock { state in
                if !state.closed && state.idle.count < maxIdle { state.idle.append(reader) }
            }
        }
        return try body(connection)
    }

    /// Closes every idle reader.
    func close() {
        state.withLock { state in
            state.closed = true
            state.idle.removeAll()
        }
    }
}
