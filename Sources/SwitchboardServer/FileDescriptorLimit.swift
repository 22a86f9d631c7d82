#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process's open-file limit (`RLIMIT_NOFILE`) and the HTTP connection cap derived from it: every
/// connection is a descriptor, and the store, libcurl and the mock provider need some of their own.
public struct FileDescriptorLimit: Sendable, Hashable {
    /// Descriptors kept for everything but inbound HTTP connections: the store's files (or PostgreSQL pool),
    /// libcurl's connections to providers and subscribers, the in-process mock provider, event loops.
    public static let reserve = 256

    /// The limit in force.
    public var soft: Int
    /// The most the soft limit may be raised to without privileges.
    public var hard: Int

    public init(soft: Int, hard: Int) {
        self.soft = soft
        self.hard = hard
    }

    /// The process's current limit.
    public static func current() -> FileDescriptorLimit {
        var limit = rlimit()
        guard getrlimit(Self.resource, &limit) == 0 else { return FileDescriptorLimit(soft: 1024, hard: 1024) }
        return FileDescriptorLimit(soft: Self.count(limit.rlim_cur), hard: Self.count(limit.rlim_max))
    }

    /// Raises the soft limit to the hard one (systemd starts services with 1024 soft, 524288 hard) and returns
    /// the limit in force afterwards (unchanged when the system refuses).
    @discardableResult
    public static func raiseSoftToHard() -> FileDescriptorLimit {
        var limit = rlimit()
        guard getrlimit(Self.resource, &limit) == 0, limit.rlim_cur < limit.rlim_max else { return current() }
        var raised = limit
        raised.rlim_cur = limit.rlim_max
        if setrlimit(Self.resource, &raised) != 0 {
            // macOS refuses more than OPEN_MAX for an unlimited hard limit.
            raised.rlim_cur = rlim_t(min(Self.count(limit.rlim_max), 10240))
            _ = setrlimit(Self.resource, &raised)
        }
        return current()
    }

    /// The connection cap: `configured`, at most the soft limit less ``reserve`` (and at least 1).
    public func connectionCap(configured: Int) -> Int {
        max(1, min(configured, soft - Self.reserve))
    }

    private static func count(_ value: rlim_t) -> Int {
        value >= rlim_t(Int.max) ? Int.max : Int(value)
    }

    #if canImport(Glibc)
        private static let resource = __rlimit_resource_t(UInt32(RLIMIT_NOFILE.rawValue))
    #else
        private static let resource = RLIMIT_NOFILE
    #endif
}
