import Foundation
import SwitchboardCore
import SwitchboardTransport

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A plain HTTP client for the loopback tests, behind the gateway's own transport protocol, so the
/// tests switch to `CurlTransport` by changing one line once it is on main.
struct LoopbackClient: HTTPTransport {
    let session: URLSession

    init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 4
        session = URLSession(configuration: configuration)
    }

    func send(_ request: ProviderRequest, options: TransportOptions) async throws(TransportError) -> ProviderResponse {
        guard let url = URL(string: request.url) else { throw TransportError(code: "invalid_request", message: "bad url \(request.url)") }
        var urlRequest = URLRequest(url: url)
        urlRequest.httpMethod = request.method
        urlRequest.timeoutInterval = Double(options.timeout.components.seconds) + Double(options.timeout.components.attoseconds) / 1e18
        for field in request.headers { urlRequest.addValue(field.value, forHTTPHeaderField: field.name) }
        if !request.body.isEmpty { urlRequest.httpBody = Data(request.body) }
        do {
            let (data, response) = try await session.data(for: urlRequest)
            guard let http = response as? HTTPURLResponse else { throw TransportError(code: "transport", message: "not HTTP") }
            let headers = http.allHeaderFields.compactMap { key, value -> HTTPField? in
                guard let name = key as? String, let value = value as? String else { return nil }
                return HTTPField(name: name, value: value)
            }
            return ProviderResponse(status: http.statusCode, headers: headers, body: Array(data))
        } catch let error as TransportError {
            throw error
        } catch let error as URLError where error.code == .timedOut {
            throw TransportError(code: "timeout", message: "\(error)")
        } catch {
            throw TransportError(code: "transport", message: "\(error)")
        }
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
