import Hummingbird
import Logging
import ServiceLifecycle
import SwitchboardCore

/// A fake of the provider send APIs (Graph/WhatsApp Cloud API, Messenger, Instagram, 360dialog,
/// Telegram, Twilio, Vonage, MessageBird) for tests, demos and benchmarks. See docs/mock-provider.md.
///
/// It answers each provider's success shape with fresh ids, answers 401 in the provider's shape when
/// credentials are missing, records every request (`GET /_mock/requests`), and injects faults from a
/// ``MockFaultPlan`` set at start or at run time (`POST /_mock/faults`).
///
/// From a test or a benchmark:
/// ```swift
/// let mock = MockProvider(configuration: .init(faults: try MockFaultPlan(spec: "5xx=0.3,seed=7")))
/// let port = try await mock.start()          // 127.0.0.1, port 0 = any free port
/// defer { Task { await mock.shutdown() } }    // or: await mock.shutdown() at the end
/// // point a connection's base_url at mock.baseURL
/// ```
/// Inside a `ServiceGroup` (the CLI does this), add the mock as a `Service`: ``run()`` serves until
/// the group shuts down gracefully.
public final class MockProvider: Service, Sendable {
    /// Where to listen and how to behave at start.
    public struct Configuration: Sendable {
        /// Interface to bind; loopback by default.
        public var host: String
        /// Port to bind; 0 picks a free port, reported by ``start()`` and ``port``.
        public var port: Int
        /// Faults from the start (replaceable at run time).
        public var faults: MockFaultPlan
        /// Most requests kept for `GET /_mock/requests` (oldest dropped first); 0 records none.
        public var maxRecordedRequests: Int
        /// Larger request bodies are answered 413.
        public var maxBodyBytes: Int
        /// Called once the server listens, with the bound port.
        public var onListening: (@Sendable (Int) -> Void)?
        /// Logger for the server and the per-request debug lines (no tokens: Telegram paths are redacted).
        public var logger: Logger

        public init(
            host: String = "127.0.0.1", port: Int = 0, faults: MockFaultPlan = .none, maxRecordedRequests: Int = 10_000,
            maxBodyBytes: Int = 16 << 20, onListening: (@Sendable (Int) -> Void)? = nil, logger: Logger? = nil
        ) {
            self.host = host
            self.port = port
            self.faults = faults
            self.maxRecordedRequests = maxRecordedRequests
            self.maxBodyBytes = maxBodyBytes
            self.onListening = onListening
            self.logger = logger ?? Self.logger(verbose: false)
        }

        /// The mock's logger: warnings only, or with `verbose` one debug line per request (and
        /// Hummingbird's start/stop lines).
        public static func logger(verbose: Bool) -> Logger {
            var logger = Logger(label: "switchboard.mock-provider")
            logger.logLevel = verbose ? .debug : .warning
            return logger
        }
    }

    private struct Running {
        var port: Int?
        var group: ServiceGroup?
        var task: Task<Void, any Error>?
    }

    public let configuration: Configuration
    private let state: MockProviderState
    private let running = Locked(Running())

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.state = MockProviderState(plan: configuration.faults, maxRecorded: configuration.maxRecordedRequests)
    }

    /// The bound port once the server listens.
    public var port: Int? { running.withLock { $0.port } }

    /// `http://host:port`, for a connection's `base_url`; `nil` before the server listens.
    public var baseURL: String? { port.map { "http://\(configuration.host):\($0)" } }

    /// The fault plan in force.
    public var faults: MockFaultPlan { state.plan }

    /// Replaces the fault plan (same as `POST /_mock/faults`); its draws restart from the beginning.
    public func setFaults(_ plan: MockFaultPlan) { state.setPlan(plan) }

    /// Every recorded request, oldest first.
    public func recordedRequests() -> [MockRecordedRequest] { state.recorded() }

    /// Forgets the recorded requests (same as `DELETE /_mock/requests`).
    public func clearRecordedRequests() { state.clearRecorded() }

    /// Serves until the surrounding `ServiceGroup` shuts down gracefully or the task is cancelled.
    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await makeApplication().run()
        } onGracefulShutdown: {
            self.state.beginShutdown()
        }
    }

    /// Serves in the current task until SIGINT or SIGTERM, then shuts down gracefully (the CLI).
    public func runUntilSignalled() async throws {
        let group = ServiceGroup(
            configuration: .init(services: [self], gracefulShutdownSignals: [.sigterm, .sigint], logger: configuration.logger))
        try await group.run()
    }

    /// Starts serving in the background and returns the bound port once the server listens.
    /// Throws when the address cannot be bound. Call ``shutdown()`` to stop.
    @discardableResult
    public func start() async throws -> Int {
        let (stream, continuation) = AsyncStream<Result<Int, any Error>>.makeStream()
        let application = makeApplication { port in continuation.yield(.success(port)) }
        let group = ServiceGroup(configuration: .init(services: [application], logger: configuration.logger))
        // The one unstructured task: it is the handle `shutdown()` awaits, so it never outlives the mock.
        let task = Task {
            do {
                try await group.run()
                continuation.finish()
            } catch {
                continuation.yield(.failure(error))
                continuation.finish()
                throw error
            }
        }
        running.withLock {
            $0.group = group
            $0.task = task
        }
        for await result in stream { return try result.get() }
        throw MockProviderError(message: "the mock provider stopped before it listened on \(configuration.host):\(configuration.port)")
    }

    /// Stops a server started with ``start()``: held and delayed requests are answered at once, the
    /// server stops accepting, in-flight answers are written, then it returns.
    public func shutdown() async {
        state.beginShutdown()
        let (group, task) = running.withLock { ($0.group, $0.task) }
        await group?.triggerGracefulShutdown()
        _ = await task?.result
        running.withLock {
            $0.group = nil
            $0.task = nil
        }
    }

    private func makeApplication(onPort: (@Sendable (Int) -> Void)? = nil) -> some ApplicationProtocol {
        let responder = MockResponder(state: state, maxBodyBytes: configuration.maxBodyBytes, logger: configuration.logger)
        let onListening = configuration.onListening
        return Application(
            responder: responder,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "switchboard-mock"),
            onServerRunning: { [self] channel in
                let port = channel.localAddress?.port ?? 0
                self.running.withLock { $0.port = port }
                onListening?(port)
                onPort?(port)
            },
            logger: configuration.logger
        )
    }
}

/// The mock provider could not start (``CodedError``; printed as its message alone).
public struct MockProviderError: CodedError {
    public struct Code: ErrorCode {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The server stopped before it listened.
        public static let notListening: Code = "not_listening"
    }

    public var code: Code = .notListening
    public var message: String
    public var underlying: (any Error & Sendable)?
    public var description: String { message }
}
