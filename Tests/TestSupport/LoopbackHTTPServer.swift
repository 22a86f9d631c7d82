import Foundation
import SwitchboardCore

/// A small HTTP/1.1 server on `127.0.0.1` for tests: real sockets, keep-alive, `Content-Length` and
/// chunked request bodies, `Expect: 100-continue`.
///
/// It records every request and answers from a handler you script; it counts accepted TCP connections
/// (to prove connection reuse) and notices clients that hang up while it delays an answer (to prove
/// cancellation). Use it as a fake provider or as a subscriber endpoint:
///
/// ```swift
/// let server = try LoopbackHTTPServer { request in
///     request.path == "/slow" ? .init(status: 200, delay: .seconds(5)) : .text("ok")
/// }
/// defer { server.stop() }
/// // ... send to server.url("/hello") ...
/// #expect(server.requests.map(\.path) == ["/hello"])
/// ```
public final class LoopbackHTTPServer: Sendable {
    /// One request as the server read it.
    public struct Request: Sendable, Hashable {
        public var method: String
        /// The request target: path plus query, as sent (`/v1/messages?x=1`).
        public var target: String
        public var headers: [HTTPField]
        /// The body, de-chunked when it was sent chunked.
        public var body: [UInt8]
        /// Which TCP connection carried it (``LoopbackConnection/id``).
        public var connection: Int

        /// The target without its query.
        public var path: String { String(target.prefix { $0 != "?" }) }

        /// The value of the first header named `name` (case-insensitive).
        public func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    /// What the handler answers.
    public struct Response: Sendable {
        public var status: Int
        public var headers: [HTTPField]
        public var body: [UInt8]
        /// Wait this long before answering (the client may hang up meanwhile).
        public var delay: Duration
        /// Send the body chunked, without `Content-Length`.
        public var chunked: Bool
        /// Close the connection after this response.
        public var closeConnection: Bool

        public init(
            status: Int = 200, headers: [HTTPField] = [], body: [UInt8] = [], delay: Duration = .zero, chunked: Bool = false,
            closeConnection: Bool = false
        ) {
            self.status = status
            self.headers = headers
            self.body = body
            self.delay = delay
            self.chunked = chunked
            self.closeConnection = closeConnection
        }

        /// A `text/plain` response.
        public static func text(_ text: String, status: Int = 200) -> Response {
            Response(status: status, headers: [HTTPField(name: "Content-Type", value: "text/plain")], body: Array(text.utf8))
        }

        /// An `application/json` response.
        public static func json(_ json: String, status: Int = 200) -> Response {
            Response(status: status, headers: [HTTPField(name: "Content-Type", value: "application/json")], body: Array(json.utf8))
        }
    }

    /// Computes the answer to a request; called on the connection's thread.
    public typealias Handler = @Sendable (Request) -> Response

    /// What the connection threads share: the handler and the records.
    final class Recorder: Sendable {
        struct State {
            var handler: Handler
            var requests: [Request] = []
            var hangUps = 0
        }
        let state: Locked<State>
        init(handler: @escaping Handler) { state = Locked(State(handler: handler)) }
    }

    private let recorder: Recorder
    private let listener: LoopbackListener

    /// Starts listening on an ephemeral port of 127.0.0.1. The default handler answers `200` with no body.
    public init(handler: @escaping Handler = { _ in Response() }) throws {
        let recorder = Recorder(handler: handler)
        self.recorder = recorder
        self.listener = try LoopbackListener { connection in
            Self.serve(connection, recorder: recorder)
        }
    }

    deinit { stop() }

    /// The port, e.g. for `http://127.0.0.1:<port>`.
    public var port: Int { listener.port }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// `baseURL` + `path` (`path` starts with `/`).
    public func url(_ path: String) -> String { baseURL + path }

    /// Every request received so far, in arrival order.
    public var requests: [Request] { recorder.state.withLock { $0.requests } }

    /// Waits until at least `count` requests have arrived (for senders that deliver asynchronously,
    /// like the router's subscriber webhooks) and returns them all; returns what arrived by `timeout`.
    public func waitForRequests(_ count: Int, timeout: Duration = .seconds(10)) async -> [Request] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let received = requests
            if received.count >= count || ContinuousClock.now >= deadline { return received }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// How many TCP connections the server accepted so far.
    public var acceptedConnections: Int { listener.acceptedConnections }

    /// How many clients hung up while the server was delaying their response.
    public var hangUpsDuringDelay: Int { recorder.state.withLock { $0.hangUps } }

    /// Replaces the handler for the requests that follow.
    public func setHandler(_ handler: @escaping Handler) {
        recorder.state.withLock { $0.handler = handler }
    }

    /// Stops accepting and closes every connection.
    public func stop() {
        listener.stop()
    }
}
