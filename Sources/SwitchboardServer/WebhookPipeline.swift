import AdapterKit
import Foundation
import HTTPTypes
import Logging
import SwitchboardCore
import SwitchboardStore

/// The steps of `GET|POST /webhooks/{provider}[/{connection}]` that do not wait for anything, run by the
/// router's ``WebhookHandler`` and by quarantine reprocessing: find the adapter and the
/// connections (404), verify the signature over the raw bytes (401, nothing stored), decode (a decode error
/// becomes a quarantine), and turn the store's answer into the reply, with the metrics and logs of each outcome.
struct WebhookPipeline: Sendable {
    let registry: AdapterRegistry
    let configuration: GatewayConfiguration
    let metrics: GatewayMetrics
    /// Writes every webhook as a fixture (`serve --record`).
    let recorder: WebhookRecorder?
    let logger: Logger
    /// What a request keeps once answered: no secret of any configured connection. Built once, from the configuration.
    let redaction: WebhookRedaction
    /// The server's clock: a request's time of receipt, which its signature's time is checked against
    /// (``InboundRequest/receivedAt``) and its events are stored with. Injectable, so tests can move time.
    let now: @Sendable () -> Timestamp

    init(
        registry: AdapterRegistry, configuration: GatewayConfiguration, metrics: GatewayMetrics, recorder: WebhookRecorder?, logger: Logger,
        now: @escaping @Sendable () -> Timestamp = { Timestamp(Date()) }
    ) {
        self.registry = registry
        self.configuration = configuration
        self.metrics = metrics
        self.recorder = recorder
        self.logger = logger
        self.now = now
        self.redaction = WebhookRedaction(connections: configuration.connections, registry: registry, secrets: configuration.secretValues)
    }

    /// The adapter a webhook path names and the configured connections it may belong to.
    struct Target: Sendable {
        var adapter: any ChannelAdapter
        var provider: String
        var candidates: [ConnectionConfig]
    }

    /// Where a webhook path leads: a target, or a reply (404) when nothing is configured for it.
    enum Routing: Sendable {
        case target(Target)
        case reply(WebhookReply)
    }

    /// What to do with a read request.
    enum Step: Sendable {
        /// Answer now (handshake, 401).
        case reply(WebhookReply)
        /// Keep the request, then answer with `status` (``quarantined(_:_:status:)``): 400 when it does not decode,
        /// 413 when it decodes to more events than `limits.max_events_per_request`, 401 when it names an account
        /// no connection whose secret verified it owns.
        case quarantine(QuarantinedRequest, status: HTTPResponse.Status)
        /// Commit the events, then answer (``appended(_:_:)``).
        case append(PendingAppend)
    }

    /// Events waiting for their commit, with what the reply needs.
    struct PendingAppend: Sendable {
        var records: [EventRecord]
        var receivedAt: Timestamp
        var provider: String
        /// The connections the events belong to, comma-separated (for the logs).
        var connection: String
        var acknowledgement: HandshakeResponse
    }

    func route(provider providerName: String, connection connectionName: String?) -> Routing {
        guard let adapter = registry.adapter(for: Provider(providerName)) else {
            metrics.webhookRequest(provider: "unknown", outcome: "not_found")
            return .reply(.text(.notFound, "unknown provider \"\(providerName)\""))
        }
        let candidates = configuration.connections.filter {
            $0.provider == adapter.provider && (connectionName == nil || $0.name == connectionName)
        }
        guard !candidates.isEmpty else {
            metrics.webhookRequest(provider: providerName, outcome: "not_found")
            return .reply(
                .text(.notFound, "no \(providerName) connection\(connectionName.map { " named \"\($0)\"" } ?? "") is configured"))
        }
        return .target(Target(adapter: adapter, provider: providerName, candidates: candidates))
    }

    /// The 413 for a body over `limits.max_body_bytes`.
    func tooLarge(provider: String) -> WebhookReply {
        metrics.webhookRequest(provider: provider, outcome: "too_large")
        return .text(.contentTooLarge, "body larger than \(configuration.limits.maxBodyBytes) bytes")
    }

    /// The request as adapters see it: the full public URL (what Twilio and MessageBird sign), headers, raw body.
    func inbound(method: HTTPRequest.Method, authority: String?, path: String, headers: HTTPFields, body: [UInt8]) -> InboundRequest {
        var fields: [SwitchboardCore.HTTPField] = []
        fields.reserveCapacity(headers.count)
        for field in headers { fields.append(SwitchboardCore.HTTPField(name: field.name.rawName, value: field.value)) }
        let base = configuration.publicURL ?? ("http://" + (authority ?? "\(configuration.host):\(configuration.port)"))
        return InboundRequest(method: method.rawValue, url: base + path, headers: fields, body: body)
    }

    /// Handshake (GET), signature, decode, recording and ownership: everything before the store.
    ///
    /// The request is verified against every connection of the path, at its time of receipt read from ``now`` with
    /// `limits.clock_skew_ms` (a signature's time outside that window is refused, 401), and decoded for the first
    /// connection that verifies; each event then goes to the verifying connection that owns its account
    /// (``attribute(_:decodedFor:verified:request:adapter:)``). A body naming an account none of them owns is refused
    /// (401) and quarantined.
    func process(_ received: InboundRequest, target: Target) -> Step {
        let adapter = target.adapter
        let receivedAt = now()
        var inbound = received
        inbound.receivedAt = receivedAt
        inbound.clockSkewMilliseconds = configuration.limits.clockSkewMilliseconds
        // Not every GET is a handshake: providers such as Vonage deliver inbound messages as GET with a query.
        if inbound.method == "GET", let answer = handshake(inbound, target: target) {
            metrics.webhookRequest(provider: target.provider, outcome: "handshake")
            return .reply(WebhookReply(answer))
        }
        var verified: [ConnectionConfig] = []
        var refusal = "signature check failed"
        for candidate in target.candidates {
            switch adapter.verify(inbound, connection: candidate) {
            case .valid: verified.append(candidate)
            case .invalid(let reason): refusal = reason
            }
        }
        guard let connection = verified.first else {
            logger.notice(
                "webhook refused: bad signature",
                metadata: ["switchboard.provider": .string(target.provider), "switchboard.reason": .string(refusal)])
            metrics.webhookRequest(provider: target.provider, outcome: "unauthorized")
            return .reply(.text(.unauthorized, refusal))
        }
        let decoded: Result<[CanonicalEvent], SwitchboardError>
        do {
            decoded = .success(try adapter.decode(inbound, context: DecodeContext(connection: connection)))
        } catch {
            decoded = .failure(error)
        }
        if let recorder {
            do {
                try recorder.record(
                    provider: adapter.provider, connection: connection, request: inbound, redaction: redaction, outcome: decoded)
            } catch {
                logger.warning(
                    "could not record webhook", metadata: ["switchboard.connection": .string(connection.name), "error.message": "\(error)"])
            }
        }
        let events: [CanonicalEvent]
        switch decoded {
        case .failure(let error):
            return undecodable(inbound, target: target, connection: connection, receivedAt: receivedAt, error: error)
        case .success(let decodedEvents):
            events = decodedEvents
        }
        if let reason = tooManyEvents(events.count) {
            // Kept like an undecodable body: after the limit is raised, reprocessing stores its events.
            logger.notice(
                "webhook over the events limit; quarantined",
                metadata: ["switchboard.provider": .string(target.provider), "switchboard.connection": .string(connection.name)])
            return .quarantine(
                quarantine(inbound, target: target, connection: connection, receivedAt: receivedAt, reason: reason),
                status: .contentTooLarge)
        }
        switch attribute(events, decodedFor: connection, verified: verified, request: inbound, adapter: adapter) {
        case .owned(let records):
            var owners: [String] = []
            for record in records where !owners.contains(record.connection) { owners.append(record.connection) }
            return .append(
                PendingAppend(
                    records: records, receivedAt: receivedAt, provider: target.provider,
                    connection: owners.isEmpty ? connection.name : owners.joined(separator: ","),
                    acknowledgement: adapter.acknowledgement(for: inbound)))
        case .notOwned(let reason):
            logger.notice(
                "webhook names an account no verifying connection owns; quarantined",
                metadata: [
                    "switchboard.provider": .string(target.provider), "switchboard.connection": .string(connection.name),
                    "switchboard.verified": .string(verified.map(\.name).joined(separator: ",")),
                ])
            return .quarantine(
                quarantine(inbound, target: target, connection: connection, receivedAt: receivedAt, reason: reason),
                status: .unauthorized)
        case .undecodable(let owner, let error):
            return undecodable(inbound, target: target, connection: owner, receivedAt: receivedAt, error: error)
        }
    }

    /// The answer to a subscription handshake (Meta's `hub.verify_token`): the first connection's that accepts it,
    /// else the first refusal, `nil` when the request is no handshake.
    private func handshake(_ inbound: InboundRequest, target: Target) -> HandshakeResponse? {
        var refusal: HandshakeResponse?
        for connection in target.candidates {
            guard let answer = target.adapter.handshake(inbound, connection: connection) else { continue }
            if (200..<300).contains(answer.status) { return answer }
            if refusal == nil { refusal = answer }
        }
        return refusal
    }

    /// The quarantine (400) of a verified request that does not decode for `connection`.
    private func undecodable(
        _ inbound: InboundRequest, target: Target, connection: ConnectionConfig, receivedAt: Timestamp, error: SwitchboardError
    ) -> Step {
        logger.notice(
            "webhook refused by the decoder; quarantined",
            metadata: [
                "switchboard.provider": .string(target.provider), "switchboard.connection": .string(connection.name),
                "switchboard.error.code": .string(error.code.rawValue),
            ])
        return .quarantine(
            quarantine(inbound, target: target, connection: connection, receivedAt: receivedAt, reason: "\(error.code): \(error.message)"),
            status: .badRequest)
    }

    /// The event as a record of `connection` to store, with the subscribers whose filter it matches and the
    /// connections whose account state it changes (`nil`: `connection` alone).
    func record(_ event: CanonicalEvent, connection: String, accountConnections: [String]? = nil) -> EventRecord {
        EventRecord(
            event: event, connection: connection,
            subscribers: configuration.subscribers.filter { $0.matches(event, connection: connection) }.map(\.name),
            accountConnections: accountConnections)
    }

    /// The reply once the events are committed (200 with the provider's acknowledgement) or the store failed (503).
    func appended(_ result: Result<AppendResult, StoreError>, _ pending: PendingAppend) -> WebhookReply {
        switch result {
        case .success(let stored):
            metrics.eventsStored(provider: pending.provider, count: stored.inserted.count)
            metrics.duplicateEvents(provider: pending.provider, count: stored.duplicates.count)
            let outcome = pending.records.isEmpty || !stored.inserted.isEmpty ? "accepted" : "duplicate"
            metrics.webhookRequest(provider: pending.provider, outcome: outcome)
            logger.debug(
                "webhook stored",
                metadata: [
                    "switchboard.connection": .string(pending.connection), "switchboard.events.new": "\(stored.inserted.count)",
                    "switchboard.events.duplicate": "\(stored.duplicates.count)",
                ])
            return WebhookReply(pending.acknowledgement)
        case .failure(let error):
            logger.error(
                "store failed; the provider will retry",
                metadata: ["switchboard.connection": .string(pending.connection), "error.message": .string(error.description)])
            metrics.webhookRequest(provider: pending.provider, outcome: "store_error")
            return .text(.serviceUnavailable, "storage unavailable, retry later")
        }
    }

    /// The request as the quarantine keeps it: the body byte-exact, no secret in its URL or headers.
    private func quarantine(
        _ inbound: InboundRequest, target: Target, connection: ConnectionConfig, receivedAt: Timestamp, reason: String
    ) -> QuarantinedRequest {
        let kept = redaction.redacting(inbound)
        return QuarantinedRequest(
            receivedAt: receivedAt, provider: target.provider, connection: connection.name, reason: reason, method: kept.method,
            url: kept.url, headers: kept.headers, body: kept.body)
    }

    /// The refusal of a request that decodes to `count` events, over `limits.max_events_per_request`, or `nil`.
    func tooManyEvents(_ count: Int) -> String? {
        let limit = configuration.limits.maxEventsPerRequest
        guard count > limit else { return nil }
        return "too_many_events: \(count) events in one request, more than \(limit) (limits.max_events_per_request)"
    }

    /// The reply once the request is kept (`status` with the reason: 400 undecodable, 413 too many events, 401 an
    /// account no verifying connection owns) or could not be (503).
    func quarantined(_ result: Result<Void, StoreError>, _ request: QuarantinedRequest, status: HTTPResponse.Status) -> WebhookReply {
        switch result {
        case .success:
            let outcome =
                switch status {
                case .contentTooLarge: "too_large"
                case .unauthorized: "unauthorized"
                default: "malformed"
                }
            metrics.webhookRequest(provider: request.provider, outcome: outcome)
            return .text(status, request.reason)
        case .failure(let error):
            logger.error(
                "could not quarantine the request",
                metadata: ["switchboard.connection": .string(request.connection ?? ""), "error.message": .string(error.description)])
            metrics.webhookRequest(provider: request.provider, outcome: "store_error")
            return .text(.serviceUnavailable, "storage unavailable, retry later")
        }
    }
}
