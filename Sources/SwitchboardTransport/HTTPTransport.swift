import SwitchboardCore

/// Performs provider requests (HTTP, and SMTP for email) described by adapters.
///
/// The libcurl implementation lives in `SwitchboardCurl`; tests may swap in another implementation
/// for the parts *around* the transport, never for the transport itself.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the provider's response, or a ``TransportError`` when no
    /// response arrived (connection refused, timeout, TLS failure, response too large).
    func send(_ request: ProviderRequest, options: TransportOptions) async throws(TransportError) -> ProviderResponse
}

/// Per-request limits and settings.
public struct TransportOptions: Sendable, Hashable {
    /// Whole-request timeout.
    public var timeout: Duration
    /// Connection-phase timeout.
    public var connectTimeout: Duration
    /// Responses larger than this fail with `response_too_large`.
    public var maxResponseBytes: Int
    /// Whether to follow 3xx redirects (Twilio media URLs redirect to a CDN).
    public var followRedirects: Bool
    /// `http://host:port` proxy, or `nil` for none.
    public var proxy: String?
    /// Verify TLS certificates (never disable in production).
    public var verifyTLS: Bool
    /// Login for the request (SMTP AUTH; HTTP Basic for HTTP), or `nil`. Secret: never logged.
    public var credentials: TransportCredentials? = nil

    public init(
        timeout: Duration = .seconds(30), connectTimeout: Duration = .seconds(10), maxResponseBytes: Int = 4 << 20,
        followRedirects: Bool = false, proxy: String? = nil, verifyTLS: Bool = true
    ) {
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maxResponseBytes = maxResponseBytes
        self.followRedirects = followRedirects
        self.proxy = proxy
        self.verifyTLS = verifyTLS
    }
}

/// Why a request got no response (``CodedError``).
public typealias TransportError = CodedFailure<TransportErrorCode>

/// The stable codes of ``TransportError``.
public struct TransportErrorCode: ErrorCode {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let timeout: Self = "timeout"
    public static let connectFailed: Self = "connect_failed"
    public static let tls: Self = "tls"
    public static let responseTooLarge: Self = "response_too_large"
    public static let invalidRequest: Self = "invalid_request"
    public static let cancelled: Self = "cancelled"
    /// Any other failure of the transport itself.
    public static let transport: Self = "transport"
}
