import CCurl
import SwitchboardCore
import SwitchboardTransport

/// The libcurl implementation of ``HTTPTransport``: HTTP(S) and SMTP(S) over one curl multi handle.
///
/// One owner thread drives the multi handle (`curl_multi_poll`); `send` queues the request under a
/// lock, wakes the thread (`curl_multi_wakeup`) and suspends until the transfer completes. Every curl
/// handle is confined to that thread. Connections are kept in the multi handle's cache and reused
/// across requests to the same host; HTTP/2 is negotiated over TLS where the server offers it.
///
/// ```swift
/// let transport = CurlTransport()
/// let response = try await transport.send(request, options: TransportOptions())
/// await transport.shutdown()
/// ```
///
/// Call ``shutdown(gracePeriod:)`` before exit: it lets in-flight transfers finish (up to the grace
/// period), fails the rest with `cancelled`, and releases the thread and every curl handle. A transport
/// that is released without `shutdown` stops its thread on its own once no request is in flight.
public final class CurlTransport: HTTPTransport {
    private let loop: CurlEventLoop

    /// Starts the owner thread. Cheap enough to create one per process; share it.
    public init(configuration: Configuration = Configuration()) {
        self.loop = CurlEventLoop(configuration: configuration)
    }

    deinit {
        loop.requestShutdown(gracePeriod: .zero)
    }

    /// Sends `request` and returns the server's response.
    ///
    /// Any HTTP status (including 4xx and 5xx) is a response; an SMTP server's refusal (4xx/5xx reply)
    /// is a response too, with the reply code as `status` and the reply line as `body`. Errors mean no
    /// response arrived: `timeout`, `connect_failed`, `tls`, `response_too_large`, `invalid_request`,
    /// `cancelled` (the task was cancelled, or the transport shut down) and `transport`.
    public func send(_ request: ProviderRequest, options: TransportOptions) async throws(TransportError) -> ProviderResponse {
        if let problem = CurlRequestValidator.problem(in: request) {
            throw TransportError(code: .invalidRequest, message: problem)
        }
        let loop = self.loop
        let id = loop.makeTransferID()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<CurlResult, Never>) in
                loop.submit(CurlSubmission(id: id, request: request, options: options, continuation: continuation))
            }
        } onCancel: {
            loop.cancel(id)
        }
        return try result.get()
    }

    /// The libcurl in use, e.g. `libcurl/7.88.1 OpenSSL/3.0.19 zlib/1.2.13 nghttp2/1.52.0` (for health output).
    public static var libcurlVersion: String { String(cString: curl_version()) }

    /// Stops the transport: no new request is accepted, in-flight transfers get up to `gracePeriod` to
    /// finish, the rest fail with `cancelled`; then the owner thread exits and every curl handle is freed.
    /// Returns when all of that is done. Calling it again (or concurrently) is harmless.
    public func shutdown(gracePeriod: Duration = .seconds(10)) async {
        await loop.shutdown(gracePeriod: gracePeriod)
    }
}

/// What a transfer ends with.
typealias CurlResult = Result<ProviderResponse, TransportError>

/// A request on its way to the owner thread.
struct CurlSubmission: Sendable {
    var id: UInt64
    var request: ProviderRequest
    var options: TransportOptions
    var continuation: CheckedContinuation<CurlResult, Never>
}
