import SwitchboardCore
import SwitchboardCurl
import SwitchboardTransport
import TestSupport
import Testing

@Suite("CurlTransport HTTP round trips")
struct CurlTransportHTTPTests {
    @Test("GET sends the request headers and returns status, headers and body")
    func getRoundTrip() async throws {
        let server = try LoopbackHTTPServer { request in
            .init(
                status: 200,
                headers: [HTTPField(name: "X-Request-Id", value: "abc-123"), HTTPField(name: "Content-Type", value: "application/json")],
                body: Array(#"{"path":"\#(request.target)"}"#.utf8))
        }
        let response = try await withTransport { transport in
            try await transport.send(
                ProviderRequest(
                    method: "GET", url: server.url("/v1/things?x=1"), headers: [HTTPField(name: "Authorization", value: "Bearer t0k3n")]),
                options: quickOptions)
        }
        #expect(response.status == 200)
        #expect(response.header("x-request-id") == "abc-123")
        #expect(response.jsonBody?["path"]?.string == "/v1/things?x=1")
        let received = try #require(server.requests.first)
        #expect(received.method == "GET")
        #expect(received.target == "/v1/things?x=1")
        #expect(received.header("Authorization") == "Bearer t0k3n")
        #expect(received.body.isEmpty)
    }

    @Test("POST carries a binary body byte-exact both ways")
    func postBinaryBody() async throws {
        let server = try LoopbackHTTPServer { request in
            .init(status: 201, headers: [HTTPField(name: "Content-Type", value: "application/octet-stream")], body: request.body.reversed())
        }
        let payload = (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let response = try await withTransport { transport in
            try await transport.send(
                ProviderRequest(
                    method: "POST", url: server.url("/upload"),
                    headers: [HTTPField(name: "Content-Type", value: "application/octet-stream")],
                    body: payload),
                options: quickOptions)
        }
        #expect(response.status == 201)
        #expect(response.body == payload.reversed())
        let received = try #require(server.requests.first)
        #expect(received.method == "POST")
        #expect(received.body == payload)
        #expect(received.header("Content-Type") == "application/octet-stream")
        #expect(received.header("Expect") == nil)
    }

    @Test("PUT, PATCH and DELETE reach the server with their method and body", arguments: ["PUT", "PATCH", "DELETE"])
    func otherMethods(method: String) async throws {
        let server = try LoopbackHTTPServer { _ in .text("done") }
        let response = try await withTransport { transport in
            try await transport.send(
                ProviderRequest(method: method, url: server.url("/item/7"), body: Array("x=1".utf8)), options: quickOptions)
        }
        #expect(response.status == 200)
        #expect(server.requests.map(\.method) == [method])
        #expect(server.requests.first?.body == Array("x=1".utf8))
    }

    @Test("a 4xx or 5xx answer is a response, not an error")
    func errorStatusIsAResponse() async throws {
        let server = try LoopbackHTTPServer { _ in .json(#"{"error":{"code":131047}}"#, status: 400) }
        let response = try await withTransport { transport in
            try await transport.send(.json(url: server.url("/messages"), body: ["to": "1"]), options: quickOptions)
        }
        #expect(response.status == 400)
        #expect(response.jsonBody?["error"]?["code"]?.int64 == 131047)
    }

    @Test("sequential requests reuse one keep-alive connection")
    func sequentialReuse() async throws {
        let server = try LoopbackHTTPServer { _ in .text("ok") }
        try await withTransport { transport in
            for _ in 0..<5 {
                let response = try await transport.send(ProviderRequest(method: "GET", url: server.url("/ping")), options: quickOptions)
                #expect(response.status == 200)
            }
        }
        #expect(server.requests.count == 5)
        #expect(server.acceptedConnections == 1)
    }

    @Test("100 concurrent requests all complete over a handful of connections")
    func concurrentRequestsReuseConnections() async throws {
        let server = try LoopbackHTTPServer { request in .init(status: 200, body: Array(request.target.utf8), delay: .milliseconds(5)) }
        let configuration = CurlTransport.Configuration(maxConnectionsPerHost: 6)
        let bodies = try await withTransport(configuration) { transport in
            try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for index in 0..<100 {
                    group.addTask {
                        let response = try await transport.send(
                            ProviderRequest(method: "GET", url: server.url("/n/\(index)")), options: quickOptions)
                        #expect(response.status == 200)
                        return (index, String(decoding: response.body, as: UTF8.self))
                    }
                }
                var bodies: [Int: String] = [:]
                for try await (index, body) in group { bodies[index] = body }
                return bodies
            }
        }
        #expect(bodies.count == 100)
        #expect(bodies.allSatisfy { $0.value == "/n/\($0.key)" })
        #expect(server.requests.count == 100)
        #expect(server.acceptedConnections <= 6)
    }

    @Test("by default 32 requests to one HTTP/1.1 host run at once, each on its own connection, and no more")
    func defaultConnectionsPerHost() async throws {
        // A slow HTTP/1.1 server (a provider without HTTP/2, a plain-http subscriber): one request per connection.
        let server = try LoopbackHTTPServer { _ in .init(status: 200, delay: .milliseconds(400)) }
        #expect(CurlTransport.Configuration().maxConnectionsPerHost == 32)
        let statuses = try await withTransport { transport in
            try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        try await transport.send(ProviderRequest(method: "GET", url: server.url("/n/\(index)")), options: quickOptions)
                            .status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        #expect(statuses.count == 40 && statuses.allSatisfy { $0 == 200 })
        // The former default (8) ran them eight at a time: five rounds of the server's delay instead of two.
        #expect(server.acceptedConnections > 8)
        #expect(server.acceptedConnections <= 32)
    }

    @Test("a proxy receives the request in absolute form")
    func proxy() async throws {
        let proxy = try LoopbackHTTPServer { _ in .text("via proxy") }
        var options = quickOptions
        options.proxy = proxy.baseURL
        let response = try await withTransport { transport in
            try await transport.send(ProviderRequest(method: "GET", url: "http://provider.invalid/v1/send"), options: options)
        }
        #expect(response.body == Array("via proxy".utf8))
        #expect(proxy.requests.first?.target == "http://provider.invalid/v1/send")
        #expect(proxy.requests.first?.header("Host") == "provider.invalid")
    }
}
