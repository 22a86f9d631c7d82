import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SwitchboardCore
import SwitchboardServer
import SwitchboardStore
import TestSupport
import Testing

/// Webhooks through the router, spoken to as raw HTTP/1.1 over a socket, so the tests see what a provider sees:
/// order, framing, headers, hang-ups.
@Suite("Webhooks over raw HTTP/1.1")
struct WebhookHTTPTests {
    let logger = Logger(label: "test")

    @Test("pipelined requests are answered in order, whatever the answer before them; Connection: close ends the connection")
    func pipelinedOrder() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let gateway = try buildApplication(
            configuration: GatewayFixture.configuration(directory: directory), transport: NoTransport(), logger: logger)
        let store = gateway.store
        try await gateway.application.test(.live) { client in
            let port = try #require(client.port)
            let first = GatewayFixture.whatsAppBody(messageID: "wamid.PIPE1")
            let third = GatewayFixture.whatsAppBody(messageID: "wamid.PIPE3")
            let last = GatewayFixture.whatsAppBody(messageID: "wamid.PIPE5")
            // 200, 200, 401, 404, 200 then close: one write.
            var bytes = RawHTTP.request("POST", "/webhooks/meta/wa", headers: GatewayFixture.signedHeaders(first), body: first)
            bytes += RawHTTP.request("GET", "/healthz")
            bytes += RawHTTP.request(
                "POST", "/webhooks/meta/wa", headers: GatewayFixture.signedHeaders(third, secret: "wrong"), body: third)
            bytes += RawHTTP.request("POST", "/webhooks/nope", body: Array("{}".utf8))
            var closing = GatewayFixture.signedHeaders(last)
            closing[.connection] = "close"
            bytes += RawHTTP.request("POST", "/webhooks/meta", headers: closing, body: last)
            let request = bytes
            let (answers, hungUp) = try await RawHTTP.onThread {
                let connection = try LoopbackConnection.connect(port: port)
                connection.write(request)
                return ((0..<5).map { _ in connection.readResponse() }, connection.waitForHangUp(upTo: .seconds(5)))
            }
            #expect(answers.map { $0?.status } == [200, 200, 401, 404, 200])
            #expect(answers[1]?.body == "ok\n")
            #expect(answers[3]?.body.contains("unknown provider") == true)
            #expect(hungUp)
            #expect(try await store.eventCount() == 2)
        }
    }

    @Test("a webhook pipelined behind a 401, 400, 404 or handshake answer is stored and acknowledged in order")
    func pipelinedBehindEarlyAnswers() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let gateway = try buildApplication(
            configuration: GatewayFixture.configuration(directory: directory), transport: NoTransport(), logger: logger)
        let store = gateway.store
        try await gateway.application.test(.live) { client in
            let port = try #require(client.port)
            let malformed = Array(#"{"object":"whatsapp_business_account","entry":[{"#.utf8)
            let bodies = (1...4).map { GatewayFixture.whatsAppBody(messageID: "wamid.BEHIND\($0)") }
            var bytes = RawHTTP.request(
                "POST", "/webhooks/meta/wa", headers: GatewayFixture.signedHeaders(bodies[0], secret: "wrong"), body: bodies[0])
            bytes += RawHTTP.request("POST", "/webhooks/meta/wa", headers: GatewayFixture.signedHeaders(bodies[0]), body: bodies[0])
            bytes += RawHTTP.request("POST", "/webhooks/meta/wa", headers: GatewayFixture.signedHeaders(malformed), body: malformed)
            bytes += RawHTTP.request("POST", "/webhooks/meta/wa", headers: GatewayFixture.signedHeaders(bodies[1]), body: bodies[1])
            bytes += RawHTTP.request("POST", "/webhooks/nope", body: Array("{}".utf8))
            bytes += RawHTTP.request("POST", "/webhooks/meta/wa", headers: GatewayFixture.signedHeaders(bodies[2]), body: bodies[2])
            bytes += RawHTTP.request(
                "GET", "/webhooks/meta/wa?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=4242")
            bytes += RawHTTP.request("POST", "/webhooks/meta/wa", headers: GatewayFixture.signedHeaders(bodies[3]), body: bodies[3])
            let request = bytes
            let answers = try await RawHTTP.onThread {
                let connection = try LoopbackConnection.connect(port: port)
                connection.write(request)
                return (0..<8).map { _ in connection.readResponse() }
            }
            #expect(answers.map { $0?.status } == [401, 200, 400, 200, 404, 200, 200, 200])
            #expect(answers[6]?.body == "4242")
            #expect(try await store.eventCount() == 4)
        }
    }

    @Test("each outcome of a webhook is answered with its status, reason and framing headers")
    func answers() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = GatewayFixture.configuration(directory: directory)
        configuration.limits.maxEventsPerRequest = 1
        let gateway = try buildApplication(configuration: configuration, transport: NoTransport(), logger: logger)
        let store = gateway.store
        try await gateway.application.test(.live) { client in
            let port = try #require(client.port)
            let valid = GatewayFixture.whatsAppBody(messageID: "wamid.SAME1")
            let malformed = Array(#"{"object":"whatsapp_business_account","entry":[{"#.utf8)
            let two = GatewayFixture.whatsAppBody(messageIDs: ["wamid.SAME3", "wamid.SAME2"])
            let cases: [RawHTTP.Case] = [
                .init(body: valid, secret: GatewayFixture.appSecret, status: 200, text: ""),
                .init(body: valid, secret: GatewayFixture.appSecret, status: 200, text: ""),  // re-delivery: no duplicate
                .init(body: valid, secret: "wrong", status: 401, text: "does not match the body"),
                .init(body: malformed, secret: GatewayFixture.appSecret, status: 400, text: "malformed"),
                .init(body: two, secret: GatewayFixture.appSecret, status: 413, text: "too_many_events: 2 events"),
            ]
            let answers = try await RawHTTP.onThread {
                let connection = try LoopbackConnection.connect(port: port)
                return cases.map { item in
                    let headers = GatewayFixture.signedHeaders(item.body, secret: item.secret)
                    connection.write(RawHTTP.request("POST", "/webhooks/meta/wa", headers: headers, body: item.body))
                    return connection.readResponse()
                }
            }
            #expect(answers.map { $0?.status } == cases.map(\.status))
            for (answer, item) in zip(answers, cases) {
                let answer = try #require(answer)
                #expect(item.text.isEmpty ? answer.body.isEmpty : answer.body.contains(item.text), "\(answer.body)")
                #expect(answer.headers["content-length"] == String(answer.body.utf8.count))
                #expect(answer.headers["server"] == "switchboard")
                #expect(answer.headers["date"]?.hasSuffix(" GMT") == true)
                #expect(answer.headers["content-type"] != nil)
            }
            #expect(try await store.eventCount() == 1)
            // The malformed body and the one over the events limit.
            #expect(try await store.quarantined(limit: 10).count == 2)
        }
    }

    @Test("a webhook still arriving when the server shuts down is stored and answered before the connection closes")
    func shutdownWaitsForTheReply() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let gateway = try buildApplication(
            configuration: GatewayFixture.configuration(directory: directory), transport: NoTransport(), logger: logger)
        let body = GatewayFixture.whatsAppBody(messageID: "wamid.LATE")
        let request = RawHTTP.request("POST", "/webhooks/meta/wa", headers: GatewayFixture.signedHeaders(body), body: body)
        let split = request.count - 40
        let outcome = Locked<RawHTTP.Response?>(nil)
        let headRead = Locked(false)
        let finished = DispatchSemaphore(value: 0)
        try await gateway.application.test(.live) { client in
            let port = try #require(client.port)
            let started = DispatchSemaphore(value: 0)
            Thread.detachNewThread {
                guard let connection = try? LoopbackConnection.connect(port: port) else {
                    started.signal()
                    finished.signal()
                    return
                }
                connection.write(Array(request[..<split]))
                // The server has read the head and part of the body before the shutdown starts.
                headRead.withLock { $0 = connection.waitUntilPeerRead(upTo: .seconds(10)) }
                started.signal()
                // The rest is sent after the test closure returned, i.e. while the server is shutting down.
                Thread.sleep(forTimeInterval: 0.4)
                connection.write(Array(request[split...]))
                outcome.withLock { $0 = connection.readResponse() }
                finished.signal()
            }
            await RawHTTP.onThread { started.wait() }
            #expect(headRead.withLock { $0 }, "the server read the request head before the shutdown")
        }
        await RawHTTP.onThread { finished.wait() }
        #expect(outcome.withLock { $0?.status } == 200)
        let reopened = try SQLiteEventStore(path: directory.appendingPathComponent("data/switchboard.db").path)
        #expect(try await reopened.eventCount() == 1)
        await reopened.close()
    }
}

/// Raw HTTP/1.1 requests and responses for the tests above.
enum RawHTTP {
    /// A request body, the secret it is signed with, and the answer expected.
    struct Case: Sendable {
        var body: [UInt8]
        var secret: String
        var status: Int
        var text: String
    }

    /// Runs blocking socket work on its own thread: blocking a cooperative-pool thread (two on a 2-core machine)
    /// would starve the server's own tasks.
    static func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
        }
    }

    /// ``onThread(_:)`` for work that cannot fail.
    static func onThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: work()) }
        }
    }

    struct Response: Sendable {
        var status: Int
        /// Lower-cased names.
        var headers: [String: String]
        var body: String
    }

    static func request(_ method: String, _ path: String, headers: HTTPFields = [:], body: [UInt8] = []) -> [UInt8] {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for field in headers { text += "\(field.name.rawName): \(field.value)\r\n" }
        if method != "GET" { text += "Content-Length: \(body.count)\r\n" }
        return Array((text + "\r\n").utf8) + body
    }
}

extension LoopbackConnection {
    /// The next response (status line, headers, `Content-Length` body), or `nil` when the connection ended first.
    func readResponse() -> RawHTTP.Response? {
        guard let statusLine = readLine(), let status = statusLine.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { return nil }
        var headers: [String: String] = [:]
        while let line = readLine(), !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        guard let body = read(count: Int(headers["content-length"] ?? "0") ?? 0) else { return nil }
        return RawHTTP.Response(status: status, headers: headers, body: String(decoding: body, as: UTF8.self))
    }
}
