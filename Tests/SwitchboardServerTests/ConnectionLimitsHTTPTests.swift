import AdapterKit
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SwitchboardServer
import TestSupport
import Testing

/// Slow and idle clients against the real server on loopback: the header, body and idle timeouts, and the
/// connection cap with eviction.
@Suite("HTTP connection timeouts and limit")
struct ConnectionLimitsHTTPTests {
    let logger = Logger(label: "test")

    /// A gateway in `directory` with `limits` (the fixture's body limit kept).
    func gateway(_ directory: URL, _ limits: Limits) throws -> Gateway {
        var configuration = GatewayFixture.configuration(directory: directory)
        limits.copyConnectionSettings(into: &configuration.limits)
        configuration.metricsToken = Secret(MetricsScrape.token)
        return try buildApplication(configuration: configuration, transport: NoTransport(), logger: logger)
    }

    @Test("a connection that sends half a header line, or nothing, is closed after the header timeout")
    func halfHeader() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let gateway = try gateway(directory, Limits(headerTimeoutMilliseconds: 300))
        try await gateway.application.test(.live) { client in
            let port = try #require(client.port)
            let (half, silent) = try await RawHTTP.onThread {
                let half = try LoopbackConnection.connect(port: port)
                let silent = try LoopbackConnection.connect(port: port)
                let start = ContinuousClock.now
                half.write("GET /healthz HT")
                let halfClosed = half.waitForHangUp(upTo: .seconds(5))
                let silentClosed = silent.waitForHangUp(upTo: .seconds(5))
                return ((halfClosed, ContinuousClock.now - start), silentClosed)
            }
            #expect(half.0, "the half-head connection was closed")
            #expect(half.1 >= .milliseconds(250), "not before the header timeout: \(half.1)")
            #expect(half.1 < .seconds(3), "\(half.1)")
            #expect(silent)
            let metrics = try await Self.metrics(port: port)
            // And the idle connection HummingbirdTesting's client opened.
            #expect((metrics["switchboard_http_connections_closed_total{reason=\"header_timeout\"}"] ?? 0) >= 2)
        }
    }

    @Test("a body that stops arriving is closed after the body timeout")
    func stalledBody() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let gateway = try gateway(directory, Limits(headerTimeoutMilliseconds: 5000, bodyTimeoutMilliseconds: 400))
        let store = gateway.store
        try await gateway.application.test(.live) { client in
            let port = try #require(client.port)
            let body = GatewayFixture.whatsAppBody(messageID: "wamid.STALL")
            let request = RawHTTP.request("POST", "/webhooks/meta/wa", headers: GatewayFixture.signedHeaders(body), body: body)
            let (closed, elapsed, answer) = try await RawHTTP.onThread {
                let connection = try LoopbackConnection.connect(port: port)
                connection.write(Array(request[..<(request.count - 50)]))
                let start = ContinuousClock.now
                let closed = connection.waitForHangUp(upTo: .seconds(5))
                return (closed, ContinuousClock.now - start, connection.readResponse())
            }
            #expect(closed, "the connection was closed")
            #expect(elapsed >= .milliseconds(350), "not before the body timeout: \(elapsed)")
            #expect(answer == nil || answer?.status != 200)
            #expect(try await store.eventCount() == 0)
            let metrics = try await Self.metrics(port: port)
            #expect(metrics["switchboard_http_connections_closed_total{reason=\"body_timeout\"}"] == 1)
        }
    }

    @Test("a body dripping in just under the pause limit is closed at the whole-body limit")
    func drippingBody() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let gateway = try gateway(
            directory, Limits(headerTimeoutMilliseconds: 5000, bodyTimeoutMilliseconds: 4000, bodyTotalTimeoutMilliseconds: 1500))
        let store = gateway.store
        try await gateway.application.test(.live) { client in
            let port = try #require(client.port)
            let body = GatewayFixture.whatsAppBody(messageID: "wamid.DRIP")
            let request = RawHTTP.request("POST", "/webhooks/meta/wa", headers: GatewayFixture.signedHeaders(body), body: body)
            let head = request.count - body.count
            let (closed, elapsed) = try await RawHTTP.onThread {
                let connection = try LoopbackConnection.connect(port: port)
                connection.write(Array(request[..<head]))
                let start = ContinuousClock.now
                // One byte every 300 ms: never a pause of 4 s (so only the 1.5 s whole-body limit can close it), and
                // over a minute for the whole body.
                for offset in head..<request.count {
                    if connection.waitForHangUp(upTo: .milliseconds(300)) { return (true, ContinuousClock.now - start) }
                    connection.write([request[offset]])
                }
                return (false, ContinuousClock.now - start)
            }
            #expect(closed, "the dripping connection was closed")
            #expect(elapsed >= .milliseconds(1400), "not before the whole-body limit: \(elapsed)")
            #expect(elapsed < .seconds(8), "\(elapsed)")
            #expect(try await store.eventCount() == 0)
            let metrics = try await Self.metrics(port: port)
            #expect(metrics["switchboard_http_connections_closed_total{reason=\"body_timeout\"}"] == 1)
        }
    }

    @Test("a keep-alive connection is closed after the idle timeout; a slow but steady request is not cut")
    func idleAndSteady() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let limits = Limits(idleTimeoutMilliseconds: 1000, headerTimeoutMilliseconds: 3000, bodyTimeoutMilliseconds: 2000)
        let gateway = try gateway(directory, limits)
        let store = gateway.store
        try await gateway.application.test(.live) { client in
            let port = try #require(client.port)
            let body = GatewayFixture.whatsAppBody(messageID: "wamid.STEADY")
            let request = RawHTTP.request("POST", "/webhooks/meta/wa", headers: GatewayFixture.signedHeaders(body), body: body)
            let headEnd = try #require(request.indices.first { Array(request[$0..<min($0 + 4, request.count)]) == Array("\r\n\r\n".utf8) })
            let outcome = try await RawHTTP.onThread {
                let connection = try LoopbackConnection.connect(port: port)
                // The head in three pieces within the header timeout, then the body in 20-byte chunks every
                // 250 ms: about 5 s in all (more than the 2 s body timeout), never 2 s without a byte.
                let head = Array(request[..<(headEnd + 4)])
                for piece in stride(from: 0, to: head.count, by: (head.count + 2) / 3) {
                    connection.write(Array(head[piece..<min(piece + (head.count + 2) / 3, head.count)]))
                    Thread.sleep(forTimeInterval: 0.1)
                }
                let rest = Array(request[(headEnd + 4)...])
                let start = ContinuousClock.now
                for chunk in stride(from: 0, to: rest.count, by: 20) {
                    if chunk > 0 { Thread.sleep(forTimeInterval: 0.25) }
                    connection.write(Array(rest[chunk..<min(chunk + 20, rest.count)]))
                }
                let slow = (connection.readResponse(), ContinuousClock.now - start)
                // Then idle: closed after about 1 s.
                let idleStart = ContinuousClock.now
                let closed = connection.waitForHangUp(upTo: .seconds(5))
                return (slow, closed, ContinuousClock.now - idleStart)
            }
            #expect(outcome.0.0?.status == 200, "the slow request was answered")
            #expect(outcome.0.1 > .seconds(3), "it took \(outcome.0.1)")
            #expect(outcome.1, "the idle connection was closed")
            #expect(outcome.2 >= .milliseconds(900), "not before the idle timeout: \(outcome.2)")
            #expect(try await store.eventCount() == 1)
            let metrics = try await Self.metrics(port: port)
            #expect(metrics["switchboard_http_connections_closed_total{reason=\"idle\"}"] == 1)
            #expect(metrics["switchboard_http_connections_closed_total{reason=\"body_timeout\"}"] == 0)
        }
    }

    @Test("300 idle half-head connections against a cap of 64: /healthz answers each time, a webhook is stored")
    func capWithEviction() async throws {
        let files = FileDescriptorLimit.raiseSoftToHard()
        try #require(files.soft >= 1024, "the test holds about 400 descriptors")
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let gateway = try gateway(directory, Limits(maxConnections: 64, headerTimeoutMilliseconds: 60_000))
        let store = gateway.store
        try await gateway.application.test(.live) { client in
            let port = try #require(client.port)
            let body = GatewayFixture.whatsAppBody(messageID: "wamid.UNDERLOAD")
            let webhook = RawHTTP.request("POST", "/webhooks/meta/wa", headers: GatewayFixture.signedHeaders(body), body: body)
            let outcome = try await RawHTTP.onThread {
                var held: [LoopbackConnection] = []
                for _ in 0..<300 {
                    let connection = try LoopbackConnection.connect(port: port, timeout: .seconds(5))
                    connection.write("GET /healthz HTTP/1.1\r\nHo")
                    held.append(connection)
                }
                var healthz: [(Int?, Duration)] = []
                for _ in 0..<5 {
                    let start = ContinuousClock.now
                    let connection = try LoopbackConnection.connect(port: port, timeout: .seconds(20))
                    connection.write(RawHTTP.request("GET", "/healthz"))
                    healthz.append((connection.readResponse()?.status, ContinuousClock.now - start))
                }
                let hook = try LoopbackConnection.connect(port: port, timeout: .seconds(20))
                hook.write(webhook)
                let answer = hook.readResponse()
                let closedByServer = held.filter { $0.waitForHangUp(upTo: .milliseconds(1)) }.count
                return (healthz, answer?.status, closedByServer, held.count)
            }
            for (status, elapsed) in outcome.0 {
                #expect(status == 200)
                // 1-200 ms when run alone; the bound leaves room for the whole suite sharing two cores.
                #expect(elapsed < .seconds(10), "/healthz took \(elapsed)")
            }
            #expect(outcome.1 == 200, "the webhook was answered")
            #expect(try await store.eventCount() == 1)
            // The server keeps at most its cap (plus the few accepted in one go) open: the rest were closed.
            #expect(outcome.2 >= 300 - 64 - 4, "\(outcome.2) of \(outcome.3) held connections were closed by the server")
            let metrics = try await Self.metrics(port: port)
            #expect((metrics["switchboard_http_connections_closed_total{reason=\"evicted\"}"] ?? 0) >= 300 - 64 - 4)
            #expect((metrics["switchboard_http_connections"] ?? .infinity) <= 64 + 4)
            #expect(metrics["switchboard_http_connections_limit"] == 64)
        }
    }

    @Test("at the cap with every connection busy, new connections are not served until one goes idle; it is closed for them")
    func pauseWhenAllBusy() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let gateway = try gateway(directory, Limits(maxConnections: 4, headerTimeoutMilliseconds: 60_000, bodyTimeoutMilliseconds: 60_000))
        try await gateway.application.test(.live) { client in
            let port = try #require(client.port)
            let body = GatewayFixture.whatsAppBody(messageID: "wamid.BUSY")
            let request = RawHTTP.request("POST", "/webhooks/meta/wa", headers: GatewayFixture.signedHeaders(body), body: body)
            let outcome = try await RawHTTP.onThread {
                // Four requests in progress: heads sent, bodies not finished.
                let busy = try (0..<4).map { _ in
                    let connection = try LoopbackConnection.connect(port: port, timeout: .seconds(20))
                    connection.write(Array(request[..<(request.count - 10)]))
                    _ = connection.waitUntilPeerRead(upTo: .seconds(10))
                    return connection
                }
                // A fifth is left in the backlog (its request not read), or closed at once when it was accepted
                // just before the pause took effect; either way not served while the four are busy.
                let waiting = try LoopbackConnection.connect(port: port, timeout: .seconds(20))
                waiting.write(RawHTTP.request("GET", "/healthz"))
                let readWhileBusy = waiting.waitUntilPeerRead(upTo: .seconds(1))
                let refused = waiting.waitForHangUp(upTo: readWhileBusy ? .seconds(5) : .milliseconds(200))
                // One request finishes and is answered; its connection, idle now, is closed for the waiting one
                // (or for a new one when the fifth was refused).
                busy[0].write(Array(request[(request.count - 10)...]))
                let finished = busy[0].readResponse()?.status
                let start = ContinuousClock.now
                let next = refused ? try LoopbackConnection.connect(port: port, timeout: .seconds(20)) : waiting
                if refused { next.write(RawHTTP.request("GET", "/healthz")) }
                let healthz = next.readResponse()?.status
                let elapsed = ContinuousClock.now - start
                let finishedClosed = busy[0].waitForHangUp(upTo: .seconds(10))
                return (readWhileBusy, refused, finished, finishedClosed, healthz, elapsed, busy.count)
            }
            #expect(!outcome.0 || outcome.1, "a fifth connection was served while four requests were in progress")
            #expect(outcome.2 == 200)
            #expect(outcome.3, "the connection that went idle was closed")
            #expect(outcome.4 == 200)
            #expect(outcome.5 < .seconds(10), "\(outcome.5)")
            let metrics = try await Self.metrics(port: port)
            #expect((metrics["switchboard_http_accept_paused_total"] ?? 0) >= 1)
        }
    }

    /// `/metrics` (on the main port, with the metrics token) as name (with labels) → value.
    static func metrics(port: Int) async throws -> [String: Double] {
        let text = try await MetricsScrape.get(port: port, bearer: MetricsScrape.token).body
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            values[String(line[..<space])] = value
        }
        return values
    }
}

extension Limits {
    /// Copies the connection cap and timeouts (the request limits stay the target's).
    fileprivate func copyConnectionSettings(into limits: inout Limits) {
        limits.maxConnections = maxConnections
        limits.idleTimeoutMilliseconds = idleTimeoutMilliseconds
        limits.headerTimeoutMilliseconds = headerTimeoutMilliseconds
        limits.bodyTimeoutMilliseconds = bodyTimeoutMilliseconds
        limits.bodyTotalTimeoutMilliseconds = bodyTotalTimeoutMilliseconds
    }
}
