import SwitchboardCore

/// A storage failure (``CodedError``), with SQLite's result code or PostgreSQL's error in the message where there
/// is one.
public struct StoreError: CodedError, Hashable {
    /// Stable codes.
    public struct Code: ErrorCode {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The store could not be opened (file, options, pool).
        public static let openFailed: Code = "open_failed"
        /// A statement failed on SQLite.
        public static let sqlite: Code = "sqlite"
        /// A statement or transaction failed on PostgreSQL.
        public static let postgres: Code = "postgres"
        /// The store is closed.
        public static let closed: Code = "closed"
        /// The schema could not be migrated.
        public static let migration: Code = "migration"
        /// The PostgreSQL server did not answer at startup.
        public static let unreachable: Code = "unreachable"
        /// A redelivery would queue more events than its limit.
        public static let tooManyEvents: Code = "too_many_events"
    }

    public var code: Code
    public var message: String
    public var underlying: (any Error & Sendable)?

    public init(code: Code, message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }
}
