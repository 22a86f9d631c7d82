import CSQLite
import SwitchboardCore

/// One SQLite connection with a prepared-statement cache. Not thread-safe: each connection is owned
/// by one thread at a time (the writer thread, or a reader checked out of the pool).
final class SQLiteConnection {
    let handle: OpaquePointer
    private var statements: [String: SQLiteStatement] = [:]
    /// Conversation states as last written by this connection (used by the writer only, so the
    /// per-event read of the row is skipped). Cleared on every rollback; bounded by
    /// ``conversationCacheLimit``.
    var conversationCache: [String: ConversationState] = [:]
    /// Entries kept in ``conversationCache`` before it is emptied.
    let conversationCacheLimit = 100_000

    /// Opens (creating if needed) the database at `path`.
    init(path: String, readOnly: Bool = false) throws(StoreError) {
        var handle: OpaquePointer?
        let flags =
            (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let handle { sqlite3_close_v2(handle) }
            throw StoreError(code: .openFailed, message: "cannot open \(path): \(message)")
        }
        self.handle = handle
        sqlite3_extended_result_codes(handle, 1)
    }

    deinit {
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements without results.
    func execute(_ sql: String) throws(StoreError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if status != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? "error \(status)"
            sqlite3_free(errorMessage)
            throw StoreError(code: .sqlite, message: "\(message) (\(status)) in: \(sql.prefix(80))")
        }
    }

    /// Runs one statement without results or bindings through the prepared-statement cache
    /// (no re-parse, unlike ``execute(_:)``).
    func run(_ sql: String) throws(StoreError) {
        let prepared = try statement(sql)
        defer { prepared.reset() }
        try prepared.step()
    }

    /// A cached prepared statement for `sql`, reset and with bindings cleared.
    func statement(_ sql: String) throws(StoreError) -> SQLiteStatement {
        if let cached = statements[sql] {
            cached.reset()
            return cached
        }
        var pointer: OpaquePointer?
        let status = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &pointer, nil)
        guard status == SQLITE_OK, let pointer else { throw error(status, sql) }
        let statement = SQLiteStatement(pointer: pointer, connection: self)
        statements[sql] = statement
        return statement
    }

    /// Resets every cached statement, ending any read transaction a partly stepped one still holds
    /// (a WAL reader would otherwise keep seeing an old snapshot).
    func resetAll() {
        for statement in statements.values { statement.reset() }
    }

    /// Rows changed by the last statement.
    var changes: Int { Int(sqlite3_changes(handle)) }

    /// Rowid of the last insert.
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// A store error for `status`, with SQLite's message.
    func error(_ status: Int32, _ sql: String) -> StoreError {
        StoreError(code: .sqlite, message: "\(String(cString: sqlite3_errmsg(handle))) (\(status)) in: \(sql.prefix(80))")
    }
}

/// A prepared statement; bind with 1-based indexes, step, read 0-based columns.
final class SQLiteStatement {
    let pointer: OpaquePointer
    unowned let connection: SQLiteConnection

    init(pointer: OpaquePointer, connection: SQLiteConnection) {
        self.pointer = pointer
        self.connection = connection
    }

    deinit { sqlite3_finalize(pointer) }

    func reset() {
        sqlite3_reset(pointer)
        sqlite3_clear_bindings(pointer)
    }

    func bind(_ index: Int32, _ value: String?) {
        guard let value else { sqlite3_bind_null(pointer, index); return }
        sqlite3_bind_text(pointer, index, value, -1, SQLITE_TRANSIENT_POINTER)
    }

    func bind(_ index: Int32, _ value: Int64?) {
        guard let value else { sqlite3_bind_null(pointer, index); return }
        sqlite3_bind_int64(pointer, index, value)
    }

    func bind(_ index: Int32, _ value: Int) { sqlite3_bind_int64(pointer, index, Int64(value)) }

    func bind(_ index: Int32, blob: [UInt8]) {
        blob.withUnsafeBytes { buffer in
            _ = sqlite3_bind_blob(
                pointer, index, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(buffer.count),
                SQLITE_TRANSIENT_POINTER)
        }
    }

    /// Advances; `true` when a row is available, `false` when done.
    @discardableResult
    func step() throws(StoreError) -> Bool {
        let status = sqlite3_step(pointer)
        switch status {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let sql = sqlite3_sql(pointer).map { String(cString: $0) } ?? ""
            throw connection.error(status, sql)
        }
    }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(pointer, column) == SQLITE_NULL }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(pointer, column) }

    func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }

    func string(_ column: Int32) -> String {
        guard let text = sqlite3_column_text(pointer, column) else { return "" }
        return String(cString: text)
    }

    func optionalString(_ column: Int32) -> String? { isNull(column) ? nil : string(column) }

    func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(pointer, column))
        guard count > 0, let bytes = sqlite3_column_blob(pointer, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }
}

/// `SQLITE_TRANSIENT` (the C macro does not import): SQLite copies the bound value.
let SQLITE_TRANSIENT_POINTER = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
