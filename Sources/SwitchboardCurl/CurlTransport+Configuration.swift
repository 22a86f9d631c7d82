extension CurlTransport {
    /// Settings shared by every request of one transport (per-request settings are `TransportOptions`).
    public struct Configuration: Sendable, Hashable {
        /// Most simultaneous connections to one host (`CURLMOPT_MAX_HOST_CONNECTIONS`); further requests
        /// to that host wait for a free connection, or share one as HTTP/2 streams.
        public var maxConnectionsPerHost: Int
        /// Size of the connection cache (`CURLMOPT_MAXCONNECTS`): idle connections kept for reuse.
        public var maxCachedConnections: Int
        /// Most redirects followed when `TransportOptions.followRedirects` is set.
        public var maxRedirects: Int
        /// `User-Agent` sent when the request has none.
        public var userAgent: String
        /// A PEM file of CA certificates to trust instead of the system store (`CURLOPT_CAINFO`), or `nil`.
        public var caBundlePath: String?

        public init(
            maxConnectionsPerHost: Int = 32, maxCachedConnections: Int = 64, maxRedirects: Int = 5,
            userAgent: String = "Switchboard", caBundlePath: String? = nil
        ) {
            self.maxConnectionsPerHost = maxConnectionsPerHost
            self.maxCachedConnections = maxCachedConnections
            self.maxRedirects = maxRedirects
            self.userAgent = userAgent
            self.caBundlePath = caBundlePath
        }
    }
}
