import AdapterKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardCore
import SwitchboardServer
import TestSupport
import Testing

/// `limits.max_api_body_bytes` on every `/v1` route that reads a body: one byte over is `413 too_large` (declared
/// with `Content-Length`, or arriving chunked), a body of exactly the limit is read and answered as a small one is.
@Suite("Every /v1 body has the configured byte limit")
struct APIBodyLimitTests {
    static let limit = 1024
    static let conversation = AccountAPIFixture.conversation

    /// One route that reads a body: the request, a small body, and what padding to `size` bytes looks like.
    struct Route: Sendable, CustomTestStringConvertible {
        var family: String
        var method: HTTPRequest.Method
        var path: String
        var key: String
        var contentType: String
        var body: String
        /// The status of `body` (padded or not: the padding changes nothing but the size).
        var status: HTTPResponse.Status

        var testDescription: String { "\(family): \(method) \(path)" }

        /// `body` followed by `filler` up to exactly `size` bytes.
        func padded(to size: Int) -> [UInt8] {
            let bytes = Array(body.utf8)
            let filler: UInt8 = contentType == "text/csv" ? UInt8(ascii: "\n") : UInt8(ascii: " ")
            return bytes + [UInt8](repeating: filler, count: size - bytes.count)
        }
    }

    static let routes: [Route] = [
        Route(
            family: "messages", method: .post, path: "/v1/messages", key: AccountAPIFixture.waKey, contentType: "application/json",
            body: #"{"conversation":"\#(conversation)","content":{"type":"text","text":"hi"}}"#, status: .unprocessableContent),
        Route(
            family: "messages", method: .post, path: "/v1/messages/check", key: AccountAPIFixture.waKey,
            contentType: "application/json",
            body: #"{"conversation":"\#(conversation)","content":{"type":"text","text":"hi"}}"#, status: .ok),
        Route(
            family: "connections", method: .put, path: "/v1/connections/wa/contact_cap", key: AccountAPIFixture.opsKey,
            contentType: "application/json", body: #"{"cap": 5}"#, status: .ok),
        Route(
            family: "conversations", method: .put, path: "/v1/conversations/\(conversation)/consent", key: AccountAPIFixture.waKey,
            contentType: "application/json", body: #"{"source": "signup form"}"#, status: .ok),
        Route(
            family: "prices", method: .post, path: "/v1/prices", key: AccountAPIFixture.opsKey, contentType: "text/csv",
            body: "calling_code,category,price,currency,effective_from\n1,marketing,0.0250,USD,2025-07-01\n", status: .ok),
        Route(
            family: "subscribers", method: .post, path: "/v1/subscribers/crm/redeliver", key: AccountAPIFixture.opsKey,
            contentType: "application/json", body: #"{"since": "2026-01-01T00:00:00Z"}"#, status: .accepted),
    ]

    static func gateway() throws -> Gateway {
        try AccountAPIFixture.gateway { configuration in
            configuration.limits.maxAPIBodyBytes = limit
            configuration.subscribers = [SubscriberConfig(name: "crm", url: "http://127.0.0.1:9/events", secret: "crm-secret")]
        }
    }

    func call(_ client: some TestClientProtocol, _ route: Route, body: [UInt8]) async throws -> (HTTPResponse.Status, JSONValue) {
        var headers = HTTPFields()
        headers[.authorization] = "Bearer \(route.key)"
        headers[.contentType] = route.contentType
        return try await client.execute(uri: route.path, method: route.method, headers: headers, body: ByteBuffer(bytes: body)) {
            ($0.status, (try? JSONParser.parse(Array($0.body.readableBytesView))) ?? .null)
        }
    }

    @Test("a body of exactly the limit is answered as the small body is; one byte over is 413 too_large", arguments: routes)
    func atAndOverTheLimit(route: Route) async throws {
        try await Self.gateway().application.test(.live) { client in
            let (small, smallAnswer) = try await call(client, route, body: Array(route.body.utf8))
            #expect(small == route.status, "\(smallAnswer)")
            let (atLimit, atLimitAnswer) = try await call(client, route, body: route.padded(to: Self.limit))
            #expect(atLimit == route.status, "\(atLimitAnswer)")
            let (over, problem) = try await call(client, route, body: route.padded(to: Self.limit + 1))
            #expect(over == .contentTooLarge)
            #expect(problem["code"]?.string == "too_large")
            #expect(problem["message"]?.string?.contains("\(Self.limit) bytes") == true)
        }
    }

    @Test("a chunked body (no Content-Length) is refused 413 once its parts pass the limit", arguments: routes)
    func chunkedOverTheLimit(route: Route) async throws {
        try await Self.gateway().application.test(.live) { client in
            let port = try #require(client.port)
            let answer = try await Self.chunked(port: port, route, body: route.padded(to: Self.limit + 1), chunk: 64)
            #expect(answer?.status == 413)
            #expect(answer?.body.contains("too_large") == true)
        }
    }

    @Test("subscriber API: a body in 100 small chunks is read whole up to the limit, and refused past it (no more \"first 16 buffers\")")
    func subscriberChunks() async throws {
        let route = try #require(Self.routes.first { $0.family == "subscribers" })
        try await Self.gateway().application.test(.live) { client in
            let port = try #require(client.port)
            // 100 chunks of at most 11 bytes: the JSON's closing brace is in the last ones.
            let (head, tail) = (Array(#"{"since":"#.utf8), Array(#""2026-01-01T00:00:00Z"}"#.utf8))
            let whole = head + [UInt8](repeating: UInt8(ascii: " "), count: Self.limit - head.count - tail.count) + tail
            try #require(whole.count == Self.limit)
            let read = try await Self.chunked(port: port, route, body: whole, chunk: 11)
            #expect(read?.status == 202, "\(read?.body ?? "no answer")")
            // Many small chunks adding up to one byte more.
            let over = try await Self.chunked(port: port, route, body: whole + [UInt8(ascii: " ")], chunk: 11)
            #expect(over?.status == 413)
            // Far more than the limit, in small chunks: refused, not read to the end first.
            let flood = try await Self.chunked(port: port, route, body: [UInt8](repeating: UInt8(ascii: " "), count: 256 << 10), chunk: 10)
            #expect(flood?.status == 413)
        }
    }

    /// Sends `route` with `body` as `Transfer-Encoding: chunked` in parts of `chunk` bytes; the answer.
    static func chunked(port: Int, _ route: Route, body: [UInt8], chunk: Int) async throws -> RawHTTP.Response? {
        var request = Array(
            """
            \(route.method.rawValue) \(route.path) HTTP/1.1\r
            Host: 127.0.0.1\r
            Authorization: Bearer \(route.key)\r
            Content-Type: \(route.contentType)\r
            Transfer-Encoding: chunked\r
            \r

            """.utf8)
        var offset = 0
        while offset < body.count {
            let part = body[offset..<min(body.count, offset + chunk)]
            request += Array((String(part.count, radix: 16) + "\r\n").utf8) + part + Array("\r\n".utf8)
            offset += chunk
        }
        request += Array("0\r\n\r\n".utf8)
        let bytes = request
        return try await RawHTTP.onThread {
            let connection = try LoopbackConnection.connect(port: port)
            connection.write(bytes)
            return connection.readResponse()
        }
    }
}
