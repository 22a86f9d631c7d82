import SwitchboardCore

/// A storage failure (``CodedError``), with SQLite's result code or PostgreSQL's error in the message where there
/// is one.
public typealias StoreError = CodedFailure<StoreErrorCode>

/// The stable codes of ``StoreError``.
public struct StoreErrorCode: ErrorCode {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The store could not be opened (file, options, pool).
    public static let openFailed: Self = "open_failed"
    /// A statement failed on SQLite.
    public static let sqlite: Self = "sqlite"
    /// A statement or transaction failed on PostgreSQL.
    public static let postgres: Self = "postgres"
    /// The store is closed.
    public static let closed: Self = "closed"
    /// The schema could not be migrated.
    public static let migration: Self = "migration"
    /// The PostgreSQL server did not answer at startup.
    public static let unreachable: Self = "unreachable"
    /// A redelivery would queue more events than its limit.
    public static let tooManyEvents: Self = "too_many_events"
}
