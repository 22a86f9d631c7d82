import AdapterKit
import Logging
import ServiceLifecycle
import SwitchboardCore
import SwitchboardTransport

/// The send queue's worker: a Service whose ``OutboxWorker`` claims due messages from the store (oldest first, one
/// per conversation at a time); as the workload (`Dispatcher+Workload.swift`) it asks the rate limiter, asks the policy again
/// (``DispatchRecheck``: a message the policy now refuses ends `refused`, unsent), encodes with the connection's adapter, sends through the
/// transport, classifies the answer with the adapter, feeds ``SendStateMachine`` (the ``OutboxStateMachine``) and persists what it says.
///
/// All state lives in the store, so a restart resumes the queue: at start every message left `sending` by
/// a previous process is treated as a lease expiry (retried, since its outcome is unknown). On graceful
/// shutdown it stops claiming and lets sends in flight finish and persist.
///
/// Nothing a provider answers can stop it: the adapters and ``SendStateMachine`` clamp every wait, and a
/// transition that cannot be computed or stored ends its message `dead` with the reason
/// (``persist(_:for:at:)``) instead of leaving it to be sent again.
public struct Dispatcher: Service {
    let store: any OutboundQueueStore
    let transport: any HTTPTransport
    let registry: AdapterRegistry
    let connections: [String: ConnectionConfig]
    let settings: DispatcherSettings
    let logger: Logger
    let clock: WallClock
    /// Told the outcome of every send attempt (metrics); `nil` for none.
    let observer: (@Sendable (DispatchObservation) -> Void)?
    /// The policy asked again right before each attempt; `nil` sends without asking.
    let recheck: DispatchRecheck?
    /// The shell that claims due messages in memory and runs their sends (``OutboxWorker``).
    let worker: OutboxWorker<String>
    /// Where the rate limits are kept (``RateLimitStore``: this process's memory, or the database all nodes share).
    let rateLimits: any RateLimitStore
    /// Each connection's limits, by name (``accountLimits(for:settings:)``).
    let limits: [String: ConnectionRateLimits]
    /// Ids of messages the store refused every write for: never claimed again by this process.
    let refused = Locked(Set<String>())
    /// Per connection whose limit allows no burst: the instant the last send started, so sends never start
    /// closer than the interval even when one was delayed between claim and send.
    private let lastStart = Locked([String: WallClock.Instant]())

    public init(
        store: any OutboundQueueStore, transport: any HTTPTransport, registry: AdapterRegistry, connections: [ConnectionConfig],
        settings: DispatcherSettings = DispatcherSettings(), logger: Logger = Logger(label: "switchboard.dispatcher"),
        clock: WallClock = WallClock(), observer: (@Sendable (DispatchObservation) -> Void)? = nil, recheck: DispatchRecheck? = nil,
        rateLimits: any RateLimitStore = LocalRateLimitStore()
    ) {
        self.store = store
        self.transport = transport
        self.registry = registry
        self.connections = Dictionary(connections.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.settings = settings
        self.logger = logger
        self.clock = clock
        self.observer = observer
        self.recheck = recheck
        worker = OutboxWorker(
            settings: OutboxWorkerSettings(
                batchSize: settings.batchSize, concurrency: settings.concurrency, pollInterval: settings.pollInterval),
            clock: clock)
        self.rateLimits = rateLimits
        self.limits = Dictionary(
            connections.map { ($0.name, Self.accountLimits(for: $0, settings: settings)) }, uniquingKeysWith: { first, _ in first })
    }

    /// The limits of the connection's account as a whole (configured, else the provider's published ones), which
    /// every node dispatching for it shares (``RateLimitStore``).
    public static func accountLimits(for connection: ConnectionConfig, settings: DispatcherSettings) -> ConnectionRateLimits {
        if let configured = settings.connectionLimits[connection.name] { return configured }
        if let channel = connection.channel { return settings.rateLimits.limits(provider: connection.provider, channel: channel) }
        return settings.rateLimits.table[connection.provider.rawValue] ?? settings.rateLimits.fallback
    }

    /// Tells the dispatcher new work may be due (a message was queued or redriven).
    public func wake() { worker.wake() }

    /// Sends in flight now.
    public var inFlight: Int { worker.inFlight }

    public func run() async throws {
        if settings.nodes != 1 {
            logger.notice(
                "dispatcher.nodes is ignored: the nodes share every rate limit through the store",
                metadata: ["switchboard.nodes": "\(settings.nodes)", "switchboard.shared_limits": "\(rateLimits.isShared)"])
        }
        await worker.run(self, logger: logger, recover: { await recoverAbandoned() })
        logger.info("dispatcher stopped")
    }

    /// Messages left `sending` by a stopped process: their outcome is unknown, so they are retried.
    private func recoverAbandoned() async {
        do {
            let now = clock.now
            let abandoned = try await store.outbound(inState: .sending, limit: 100_000)
            guard !abandoned.isEmpty else { return }
            var transitions: [OutboundTransition] = []
            for var record in abandoned {
                record.nextAttemptAt = now.timestamp
                var machine = record.machine(retryPolicy: settings.retryPolicy, lease: settings.lease)
                let action = machine.handle(.leaseExpired(at: now))
                if var transition = record.transition(after: machine, action: action, at: now.timestamp) {
                    transition.expectedState = .sending
                    transitions.append(transition)
                }
            }
            let applied = try await store.applyOutbound(transitions).filter { $0 }.count
            logger.notice("took back messages left sending by a stopped process", metadata: ["switchboard.count": "\(applied)"])
        } catch {
            // Not lost: each is due again once its lease ends, and a round takes it back then.
            logger.error(
                "could not take back the messages left sending at start; rounds take them back as their leases end",
                metadata: ["switchboard.error": "\(error)"])
        }
    }

    func isGroup(_ record: OutboundRecord) -> Bool {
        guard let connection = connections[record.connection] else { return false }
        return registry.adapter(for: connection.provider)?.isGroup(recipient: record.recipient) ?? false
    }

    /// Sends one claimed message, once the policy asked again still allows it (``checkedAgain(_:machine:)``), and
    /// persists the outcome (``persist(_:for:at:)``).
    /// `slot`: the instant the rate limiter granted (``waitForSlot(_:slot:)``).
    func attempt(_ record: OutboundRecord, machine: SendStateMachine<WallClock>, slot: WallClock.Instant? = nil) async {
        guard await checkedAgain(record, machine: machine) else { return }
        guard let outcome = await send(record, slot: slot) else { return }
        await conclude(record, machine: machine, outcome: outcome)
    }

    /// Feeds `outcome` to the claimed message's machine and persists what it says.
    func conclude(_ record: OutboundRecord, machine: SendStateMachine<WallClock>, outcome: DeliveryOutcome) async {
        var machine = machine
        let now = clock.now
        let action = machine.handle(.outcome(outcome, at: now))
        if case .scheduleRetry(let until, let failure) = action, failure.category == .rateLimited {
            await pause(record, perRecipient: failure.perRecipient, until: until, now: now)
        }
        let transition =
            record.transition(after: machine, action: action, at: now.timestamp)
            ?? record.deadLetter(
                reason:
                    "the send state machine could not apply the outcome \(outcome.name) (\(action)); dead-lettered rather than sent again",
                failure: Self.failure(of: outcome), attempts: machine.attempts, providerMessageID: nil, at: now.timestamp)
        if let state = await persist(transition, for: record, at: now.timestamp) {
            observer?(DispatchObservation(record: record, state: state, at: now.timestamp))
        }
    }

    /// The failure an outcome carries (`nil` for `sent`).
    static func failure(of outcome: DeliveryOutcome) -> DeliveryFailure? {
        switch outcome {
        case .sent: nil
        case .retry(_, let failure), .windowClosed(let failure), .failed(let failure), .reauthorize(let failure): failure
        }
    }

    /// For a connection limited with burst 1: waits until at least one interval has passed since the previous
    /// send on the connection *started*, then records this start. A send that wakes late pushes the next one
    /// back instead of letting it start early, so the provider never sees two sends closer than the interval.
    private func pace(_ connection: ConnectionConfig) async {
        let limit = limits[connection.name]?.connection ?? Self.accountLimits(for: connection, settings: settings).connection
        guard limit.burst <= 1 else { return }
        while true {
            let now = clock.now
            let earliest = lastStart.withLock { starts -> WallClock.Instant? in
                if let next = starts[connection.name]?.advanced(by: limit.interval), next > now, !Task.isCancelled { return next }
                starts[connection.name] = now
                return nil
            }
            guard let earliest else { return }
            try? await clock.sleep(until: earliest)
        }
    }

    /// Encodes, records the attempt, sends and classifies; every problem becomes an outcome. `nil`: not sent, because
    /// the message is no longer this process's to send (another node took it over while this one waited).
    func send(_ record: OutboundRecord, slot: WallClock.Instant? = nil) async -> DeliveryOutcome? {
        guard let connection = connections[record.connection], let adapter = registry.adapter(for: connection.provider) else {
            return .failed(
                DeliveryFailure(category: .accountProblem, message: "the connection \"\(record.connection)\" is no longer configured"))
        }
        var request: ProviderRequest
        do {
            request = try adapter.encode(try OutboundMessage(json: record.message), connection: connection)
        } catch {
            return .failed(DeliveryFailure(category: .invalidRequest, providerCode: error.code.rawValue, message: error.message))
        }
        await pace(connection)
        request = adapter.preparing(request, at: clock.now.timestamp)
        do {
            let start = OutboundAttemptStart(messageID: record.id, attempt: record.attempts + 1, startedAt: clock.now.timestamp)
            guard try await store.recordAttemptStart(start, expectedState: record.state) else {
                logger.notice(
                    "not sent: the message changed or another node took it over while this one waited",
                    metadata: ["switchboard.message": "\(record.id)"])
                return nil
            }
        } catch {
            // Not sent: an attempt that could not be recorded would be unidentifiable if this process died.
            return .retry(
                after: nil,
                failure: DeliveryFailure(
                    category: .temporary, providerCode: "attempt_not_recorded",
                    message: "not sent: the attempt could not be recorded: \(error)"))
        }
        await waitForSlot(record, slot: slot)
        do {
            let response = try await transport.send(request, options: settings.transport)
            let outcome = adapter.interpret(response, for: request)
            logger.debug(
                "sent",
                metadata: [
                    "switchboard.message": "\(record.id)", "switchboard.status": "\(response.status)",
                    "switchboard.outcome": "\(outcome.name)",
                ])
            return outcome
        } catch {
            return .retry(
                after: nil,
                failure: DeliveryFailure(category: .temporary, providerCode: error.code.rawValue, message: "no response: \(error.message)"))
        }
    }
}

/// The send queue as the ``OutboxWorker``'s workload: the store's due heads of conversations, the rate limiter
/// as the start hook, lease expiry as a write of its own.
extension Dispatcher: OutboxWorkload {
    public func id(of record: OutboundRecord) -> String { record.id }

    public func due(now: WallClock.Instant, limit: Int, claims: OutboxClaims<String>) async throws -> OutboxDue<OutboundRecord> {
        let due = try await store.dueOutbound(
            now: now.timestamp, limit: limit, excluding: claims.ids.union(refused.withLock { $0 }))
        return OutboxDue(items: due.records, nextDueAt: due.nextDueAt.map(WallClock.Instant.init))
    }

    public func start(_ record: OutboundRecord, now: WallClock.Instant) async -> OutboxStart {
        var machine = record.machine(retryPolicy: settings.retryPolicy, lease: settings.lease)
        if record.state == .sending {
            // A lease that ran out (its worker stopped): retried like a temporary failure, written on its own.
            let action = machine.handle(.leaseExpired(at: now))
            guard let transition = record.transition(after: machine, action: action, at: now.timestamp) else { return .skip }
            return .run { _ = await self.persist(transition, for: record, at: now.timestamp) }
        }
        let slot: WallClock.Instant?
        switch await acquire(record, now: now) {
        case .wait(let until): return .wait(until: until)
        case .scheduled(let at): slot = at
        case .proceed: slot = clock.now
        }
        guard case .send = machine.handle(.claimed(at: now)) else { return .skip }
        // The claim lives in memory: the row stays as read until the outcome is persisted (one durable write per
        // attempt; its compare-and-set expects the row as read here).
        let sending = machine
        return .run { await self.attempt(record, machine: sending, slot: slot) }
    }
}
