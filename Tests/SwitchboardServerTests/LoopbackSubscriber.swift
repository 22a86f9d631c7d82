import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardCore
import TestSupport

/// What a loopback subscriber received.
final class SubscriberInbox: Sendable {
    struct Delivery: Sendable {
        var body: [UInt8]
        var signature: String?
        var eventID: String?
        /// `X-Switchboard-Timestamp`.
        var timestamp: String?
        /// `X-Switchboard-Signature-V2`.
        var signatureV2: String?
    }

    private struct State {
        var received: [Delivery] = []
        var attempts: [Delivery] = []
        var failuresLeft: Int
        var refusing: @Sendable ([UInt8]) -> Bool
    }

    private let state: Locked<State>
    /// The `Retry-After` of a refusal, if any.
    let retryAfter: String?

    /// A subscriber that answers 503 (with `retryAfter` as `Retry-After`) to its first `failures` requests, and to
    /// every request whose body `refusing` matches until it recovers.
    init(failures: Int = 0, retryAfter: String? = nil, refusing: @escaping @Sendable ([UInt8]) -> Bool = { _ in false }) {
        state = Locked(State(failuresLeft: failures, refusing: refusing))
        self.retryAfter = retryAfter
    }

    /// The acknowledged requests.
    var deliveries: [Delivery] { state.withLock { $0.received } }

    /// Every request, acknowledged or refused, in arrival order.
    var attempts: [Delivery] { state.withLock { $0.attempts } }

    /// `true` when the request is acknowledged.
    func receive(_ delivery: Delivery) -> Bool {
        state.withLock { state in
            state.attempts.append(delivery)
            if state.failuresLeft > 0 {
                state.failuresLeft -= 1
                return false
            }
            if state.refusing(delivery.body) { return false }
            state.received.append(delivery)
            return true
        }
    }

    /// Stops failing (the subscriber "recovers").
    func recover() {
        state.withLock { state in
            state.failuresLeft = 0
            state.refusing = { _ in false }
        }
    }

    /// Waits until `count` deliveries arrived; throws ``EventuallyTimedOut`` when `timeout` passes first.
    func waitFor(_ count: Int, timeout: Duration = .seconds(10)) async throws {
        try await eventually("the subscriber has \(count) deliveries (it has \(deliveries.count))", timeout: timeout) {
            deliveries.count >= count
        }
    }
}

/// A real HTTP subscriber on 127.0.0.1 (a Hummingbird app); runs `body` with its URL.
func withLoopbackSubscriber<T: Sendable>(
    _ inbox: SubscriberInbox, _ body: @escaping @Sendable (String) async throws -> T
) async throws -> T {
    let router = Router()
    router.post("events") { request, _ -> Response in
        var bytes: [UInt8] = []
        for try await buffer in request.body { bytes.append(contentsOf: buffer.readableBytesView) }
        let acknowledged = inbox.receive(
            .init(
                body: bytes, signature: request.headers[HTTPField.Name("X-Switchboard-Signature")!],
                eventID: request.headers[HTTPField.Name("X-Switchboard-Event-Id")!],
                timestamp: request.headers[HTTPField.Name("X-Switchboard-Timestamp")!],
                signatureV2: request.headers[HTTPField.Name("X-Switchboard-Signature-V2")!]))
        if acknowledged { return Response(status: .ok) }
        var headers = HTTPFields()
        if let retryAfter = inbox.retryAfter { headers[.retryAfter] = retryAfter }
        return Response(status: .serviceUnavailable, headers: headers)
    }
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    return try await app.test(.live) { client in
        try await body("http://127.0.0.1:\(client.port ?? 0)/events")
    }
}

/// A subscriber that never answers until released: each request waits for ``release()`` (or the client's timeout).
final class HangingSubscriber: Sendable {
    private let state = Locked((waiting: 0, released: false))

    /// Requests received (and held) so far.
    var held: Int { state.withLock { $0.waiting } }

    /// Lets every held and later request answer 503.
    func release() { state.withLock { $0.released = true } }

    fileprivate func hold() async {
        state.withLock { $0.waiting += 1 }
        while !state.withLock({ $0.released }) { try? await Task.sleep(for: .milliseconds(20)) }
    }
}

/// A hanging subscriber on 127.0.0.1; runs `body` with its URL, then releases the held requests.
func withHangingSubscriber<T: Sendable>(
    _ subscriber: HangingSubscriber, _ body: @escaping @Sendable (String) async throws -> T
) async throws -> T {
    let router = Router()
    router.post("events") { request, _ -> Response in
        for try await _ in request.body {}
        await subscriber.hold()
        return Response(status: .serviceUnavailable)
    }
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    return try await app.test(.live) { client in
        defer { subscriber.release() }
        return try await body("http://127.0.0.1:\(client.port ?? 0)/events")
    }
}
