import PostgresNIO
import SwitchboardStore

/// Turns postgres-nio's errors into ``StoreError`` values with the server's SQLSTATE and message (never
/// the bound values, which may hold message content).
enum PostgresFailure {
    /// SQLSTATE `40P01` (deadlock detected) and `40001` (serialization failure): the transaction can simply be run again.
    static func isRetryable(_ error: any Error) -> Bool {
        guard let state = sqlState(error).map(PostgresError.Code.init(raw:)) else { return false }
        return state == .deadlockDetected || state == .serializationFailure
    }

    /// The SQLSTATE of a server error, looking inside transaction errors.
    static func sqlState(_ error: any Error) -> String? {
        psqlError(error)?.serverInfo?[.sqlState]
    }

    /// A short description: `<SQLSTATE> <server message>` for server errors, the error code otherwise.
    static func describe(_ error: any Error) -> String {
        guard let psql = psqlError(error) else { return String(describing: error) }
        if let info = psql.serverInfo {
            return "\(info[.sqlState] ?? "?????") \(info[.message] ?? "")"
        }
        return "\(psql.code)"
    }

    /// A store error with code `postgres` for `error`, saying what was being done.
    static func storeError(_ error: any Error, doing what: String) -> StoreError {
        if let already = error as? StoreError { return already }
        // A refusal thrown by a transaction's body comes back wrapped, after the rollback.
        if let transaction = error as? PostgresTransactionError, let refusal = transaction.closureError as? StoreError,
            transaction.rollbackError == nil
        {
            return refusal
        }
        return StoreError(code: .postgres, message: "\(what): \(describe(error))")
    }

    private static func psqlError(_ error: any Error) -> PSQLError? {
        if let psql = error as? PSQLError { return psql }
        if let transaction = error as? PostgresTransactionError {
            for inner in [transaction.closureError, transaction.beginError, transaction.commitError] {
                if let inner, let psql = psqlError(inner) { return psql }
            }
        }
        return nil
    }
}
