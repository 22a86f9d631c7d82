import SwitchboardCore
import SwitchboardCurl
import SwitchboardTransport
import TestSupport
import Testing

/// Easy handles are kept with their options between transfers of the same kind; nothing of one request may
/// reach the next: its headers, body, method or options.
@Suite("CurlTransport handle reuse")
struct CurlHandleReuseTests {
    @Test("one after the other on one transport, each request goes out with only its own method, headers and body")
    func nothingLeaksBetweenRequests() async throws {
        let server = try LoopbackHTTPServer { request in
            request.path == "/moved" ? .init(status: 302, headers: [HTTPField(name: "Location", value: "/landed")]) : .text("ok")
        }
        var following = quickOptions
        following.followRedirects = true
        let steps: [(ProviderRequest, TransportOptions)] = [
            (
                ProviderRequest(
                    method: "POST", url: server.url("/a"), headers: [HTTPField(name: "X-One", value: "1")], body: Array("first".utf8)),
                quickOptions
            ),
            (ProviderRequest(method: "POST", url: server.url("/b"), body: Array("second, longer".utf8)), quickOptions),
            (ProviderRequest(method: "GET", url: server.url("/c")), quickOptions),
            (ProviderRequest(method: "PUT", url: server.url("/d"), body: Array("put".utf8)), quickOptions),
            (ProviderRequest(method: "POST", url: server.url("/e"), body: []), quickOptions),
            (ProviderRequest(method: "GET", url: server.url("/moved")), quickOptions),
            (ProviderRequest(method: "GET", url: server.url("/moved")), following),
            (ProviderRequest(method: "GET", url: server.url("/moved")), quickOptions),
        ]
        let statuses = try await withTransport { transport in
            var statuses: [Int] = []
            for (request, options) in steps { statuses.append(try await transport.send(request, options: options).status) }
            return statuses
        }
        #expect(statuses == [200, 200, 200, 200, 200, 302, 200, 302])
        let received = server.requests
        #expect(received.map(\.method) == ["POST", "POST", "GET", "PUT", "POST", "GET", "GET", "GET", "GET"])
        #expect(received.map(\.path) == ["/a", "/b", "/c", "/d", "/e", "/moved", "/moved", "/landed", "/moved"])
        #expect(received.map { String(decoding: $0.body, as: UTF8.self) } == ["first", "second, longer", "", "put", "", "", "", "", ""])
        #expect(received.map { $0.header("X-One") } == ["1", nil, nil, nil, nil, nil, nil, nil, nil])
    }
}
