import SwitchboardCore
import SwitchboardCurl
import SwitchboardTransport

/// The tests' HTTP client: the gateway's own libcurl transport, so every loopback test also checks
/// that what the dispatcher will use reads the mock's answers (status, headers, body).
struct LoopbackClient: HTTPTransport {
    /// One transport for the whole test process (one curl owner thread).
    static let shared = CurlTransport()

    func send(_ request: ProviderRequest, options: TransportOptions) async throws(TransportError) -> ProviderResponse {
        try await Self.shared.send(request, options: options)
    }

    /// A request with a JSON or text body to `url`.
    func call(
        _ method: String, _ url: String, headers: [(String, String)] = [], body: String = "", timeout: Duration = .seconds(10)
    ) async throws(TransportError) -> ProviderResponse {
        let request = ProviderRequest(
            method: method, url: url, headers: headers.map { HTTPField(name: $0.0, value: $0.1) }, body: Array(body.utf8))
        return try await send(request, options: TransportOptions(timeout: timeout))
    }
}
