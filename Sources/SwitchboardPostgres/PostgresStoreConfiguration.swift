import Foundation
import SwitchboardStore

/// Where and how ``PostgresEventStore`` connects.
public struct PostgresStoreConfiguration: Sendable, Hashable {
    /// Whether connections are encrypted.
    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        /// Plain TCP: loopback or a private network only.
        case disable
        /// TLS required, the server's certificate verified against the trust roots (the system's, or
        /// ``PostgresStoreConfiguration/trustRootsFile``) and its host name.
        case require
    }

    public var host: String
    public var port: Int
    public var username: String
    /// Never logged.
    public var password: String?
    public var database: String
    /// The schema holding the tables (created when missing); `nil` uses the server's default search path
    /// (`public`). One schema per test keeps parallel tests apart on one database.
    public var schema: String?
    /// Connections in the pool of one store (one gateway process).
    public var maximumConnections: Int
    /// How long a claimed delivery stays with the node that claimed it before another node may take it
    /// over (the claimer crashed), in milliseconds. Longer than one delivery attempt.
    /// The same lease for outbound messages claimed by a node's dispatcher: longer than one send
    /// (the transport timeout), or a slow send is sent again by another node.
    public var claimLeaseMilliseconds: Int64
    public var tls: TLSMode
    /// A PEM file of the CA certificates that sign the server's certificate, used instead of the system's trust
    /// roots (a managed database's own CA, a company CA). Needs ``TLSMode/require``.
    public var trustRootsFile: String?
    /// How long opening a connection may take before the store gives up on the server (the startup
    /// probe and every pooled connection).
    public var connectTimeoutMilliseconds: Int64

    public init(
        host: String = "127.0.0.1", port: Int = 5432, username: String, password: String? = nil, database: String,
        schema: String? = nil, maximumConnections: Int = 8, claimLeaseMilliseconds: Int64 = 120_000, tls: TLSMode = .disable,
        connectTimeoutMilliseconds: Int64 = 5000, trustRootsFile: String? = nil
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.schema = schema
        self.maximumConnections = maximumConnections
        self.claimLeaseMilliseconds = claimLeaseMilliseconds
        self.tls = tls
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
        self.trustRootsFile = trustRootsFile
    }

    /// `host:port`, for messages (never the user name or password).
    public var address: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Parses `postgres://user[:password]@host[:port]/database` (`postgresql://` too). Query parameters
    /// are refused rather than ignored, except `schema=<name>`, `sslmode=disable|require` and `sslrootcert=<PEM file>`
    /// (libpq's names).
    public init(url: String) throws(StoreError) {
        guard let components = URLComponents(string: url), components.scheme == "postgres" || components.scheme == "postgresql"
        else { throw StoreError(code: .openFailed, message: "not a postgres:// URL") }
        guard let host = components.host, !host.isEmpty else {
            throw StoreError(code: .openFailed, message: "the PostgreSQL URL has no host")
        }
        guard let username = components.user, !username.isEmpty else {
            throw StoreError(code: .openFailed, message: "the PostgreSQL URL has no user name")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else { throw StoreError(code: .openFailed, message: "the PostgreSQL URL has no database") }
        self.init(
            host: host, port: components.port ?? 5432, username: username.removingPercentEncoding ?? username,
            password: components.password.map { $0.removingPercentEncoding ?? $0 }, database: database)
        for item in components.queryItems ?? [] {
            switch (item.name, item.value) {
            case ("schema", let value?): schema = value
            case ("sslmode", let value?):
                guard let mode = TLSMode(rawValue: value) else {
                    throw StoreError(code: .openFailed, message: "sslmode must be disable or require")
                }
                tls = mode
            case ("sslrootcert", let value?): trustRootsFile = value
            default:
                throw StoreError(code: .openFailed, message: "unsupported PostgreSQL URL parameter '\(item.name)'")
            }
        }
        try validate()
    }

    /// Refuses settings that cannot work: a schema name is spliced into SQL, so it must be a plain identifier.
    public func validate() throws(StoreError) {
        if let schema {
            let plain = schema.utf8.allSatisfy { byte in
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                    || byte == UInt8(ascii: "_")
            }
            guard plain, !schema.isEmpty, schema.utf8.count <= 63, schema.utf8.first.map({ !(48...57).contains($0) }) ?? false
            else {
                throw StoreError(code: .openFailed, message: "schema '\(schema)' must be lower-case letters, digits and _")
            }
        }
        if trustRootsFile != nil && tls != .require {
            throw StoreError(code: .openFailed, message: "a CA file (tls_ca_file, sslrootcert) needs tls: require")
        }
        guard maximumConnections >= 1 else { throw StoreError(code: .openFailed, message: "maximumConnections must be at least 1") }
        guard connectTimeoutMilliseconds >= 1 else {
            throw StoreError(code: .openFailed, message: "connectTimeoutMilliseconds must be at least 1")
        }
        guard claimLeaseMilliseconds >= 1000 else {
            throw StoreError(code: .openFailed, message: "claimLeaseMilliseconds must be at least 1000")
        }
    }
}
