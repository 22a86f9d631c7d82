import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardCore

/// What a loopback subscriber received.
final class SubscriberInbox: @unchecked Sendable {
    struct Delivery: Sendable {
        var body: [UInt8]
        var signature: String?
        var eventID: String?
    }

    private let lock = NSLock()
    private var received: [Delivery] = []
    private var failuresLeft: Int

    /// A subscriber that answers 503 to its first `failures` requests.
    init(failures: Int = 0) { failuresLeft = failures }

    var deliveries: [Delivery] { lock.withLock { received } }

    /// `true` when the request is acknowledged.
    func receive(_ delivery: Delivery) -> Bool {
        lock.withLock {
            if failuresLeft > 0 {
                failuresLeft -= 1
                return false
            }
            received.append(delivery)
            return true
        }
    }

    /// Stops failing (the subscriber "recovers").
    func recover() { lock.withLock { failuresLeft = 0 } }

    /// Waits until `count` deliveries arrived or `timeout` passes.
    func waitFor(_ count: Int, timeout: Duration = .seconds(10)) async throws {
        let deadline = ContinuousClock.now + timeout
        while deliveries.count < count && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
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
                eventID: request.headers[HTTPField.Name("X-Switchboard-Event-Id")!]))
        return Response(status: acknowledged ? .ok : .serviceUnavailable)
    }
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    return try await app.test(.live) { client in
        try await body("http://127.0.0.1:\(client.port ?? 0)/events")
    }
}
