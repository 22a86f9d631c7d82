import AdapterKit
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SwitchboardCore
import SwitchboardStore

/// `GET|POST /webhooks/{provider}[/{connection}]`: size limit (413), signature over the raw bytes
/// (401, nothing stored), decode (400; the raw request is quarantined), durable commit, then 200
/// with the provider's acknowledgement. A re-delivered webhook stores nothing new and is answered 200.
struct WebhookHandler: Sendable {
    let registry: AdapterRegistry
    let configuration: GatewayConfiguration
    let store: any EventStore
    let metrics: GatewayMetrics
    let recorder: WebhookRecorder?
    let logger: Logger

    func handle(_ request: Request, provider providerName: String, connection connectionName: String?) async -> Response {
        // Metadata is attached per log call, not to a per-request logger copy: setting metadata on
        // swift-log's stream handler re-renders it, which cost more than the decoding of a webhook.
        guard let adapter = registry.adapter(for: Provider(providerName)) else {
            metrics.webhookRequest(provider: "unknown", outcome: "not_found")
            return .text(.notFound, "unknown provider \"\(providerName)\"")
        }
        let candidates = configuration.connections.filter {
            $0.provider == adapter.provider && (connectionName == nil || $0.name == connectionName)
        }
        guard !candidates.isEmpty else {
            metrics.webhookRequest(provider: providerName, outcome: "not_found")
            return .text(.notFound, "no \(providerName) connection\(connectionName.map { " named \"\($0)\"" } ?? "") is configured")
        }
        let limit = configuration.limits.maxBodyBytes
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            metrics.webhookRequest(provider: providerName, outcome: "too_large")
            return .text(.contentTooLarge, "body larger than \(limit) bytes")
        }
        var body: [UInt8] = []
        do {
            for try await buffer in request.body {
                guard body.count + buffer.readableBytes <= limit else {
                    metrics.webhookRequest(provider: providerName, outcome: "too_large")
                    return .text(.contentTooLarge, "body larger than \(limit) bytes")
                }
                body.append(contentsOf: buffer.readableBytesView)
            }
        } catch {
            metrics.webhookRequest(provider: providerName, outcome: "malformed")
            return .text(.badRequest, "could not read the request body")
        }
        let inbound = inboundRequest(request, body: body)

        if request.method == .get {
            for connection in candidates {
                if let answer = adapter.handshake(inbound, connection: connection) {
                    metrics.webhookRequest(provider: providerName, outcome: "handshake")
                    return .reply(answer)
                }
            }
            // Not a handshake: providers such as Vonage deliver inbound messages as GET with a query.
        }

        var connection: ConnectionConfig?
        var refusal = "signature check failed"
        for candidate in candidates {
            switch adapter.verify(inbound, connection: candidate) {
            case .valid: connection = candidate
            case .invalid(let reason): refusal = reason
            }
            if connection != nil { break }
        }
        guard let connection else {
            logger.notice(
                "webhook refused: bad signature",
                metadata: ["switchboard.provider": .string(providerName), "switchboard.reason": .string(refusal)])
            metrics.webhookRequest(provider: providerName, outcome: "unauthorized")
            return .text(.unauthorized, refusal)
        }
        let receivedAt = Timestamp(Date())
        let context = DecodeContext(account: connection.account.isEmpty ? nil : connection.account, channel: connection.channel)
        let decoded: Result<[CanonicalEvent], SwitchboardError>
        do {
            decoded = .success(try adapter.decode(inbound, context: context))
        } catch {
            decoded = .failure(error)
        }
        if let recorder {
            do {
                try recorder.record(provider: adapter.provider, connection: connection, request: inbound, outcome: decoded)
            } catch {
                logger.warning(
                    "could not record webhook", metadata: ["switchboard.connection": .string(connection.name), "error.message": "\(error)"])
            }
        }
        switch decoded {
        case .failure(let error):
            return await quarantine(inbound, provider: providerName, connection: connection.name, error: error, at: receivedAt)
        case .success(let events):
            guard events.count <= configuration.limits.maxEventsPerRequest else {
                metrics.webhookRequest(provider: providerName, outcome: "too_large")
                return .text(.contentTooLarge, "more than \(configuration.limits.maxEventsPerRequest) events in one request")
            }
            let records = events.map { event in
                EventRecord(
                    event: event, connection: connection.name,
                    subscribers: configuration.subscribers.filter { $0.matches(event, connection: connection.name) }.map(\.name))
            }
            do {
                let result = try await store.append(records, receivedAt: receivedAt)
                metrics.eventsStored(provider: providerName, count: result.inserted.count)
                metrics.duplicateEvents(provider: providerName, count: result.duplicates.count)
                let outcome = events.isEmpty || !result.inserted.isEmpty ? "accepted" : "duplicate"
                metrics.webhookRequest(provider: providerName, outcome: outcome)
                logger.debug(
                    "webhook stored",
                    metadata: [
                        "switchboard.connection": .string(connection.name), "switchboard.events.new": "\(result.inserted.count)",
                        "switchboard.events.duplicate": "\(result.duplicates.count)",
                    ])
                return .reply(adapter.acknowledgement(for: inbound))
            } catch {
                logger.error(
                    "store failed; the provider will retry",
                    metadata: ["switchboard.connection": .string(connection.name), "error.message": .string(error.description)])
                metrics.webhookRequest(provider: providerName, outcome: "store_error")
                return .text(.serviceUnavailable, "storage unavailable, retry later")
            }
        }
    }

    private func quarantine(
        _ inbound: InboundRequest, provider: String, connection: String, error: SwitchboardError, at receivedAt: Timestamp
    ) async -> Response {
        let reason = "\(error.code): \(error.message)"
        logger.notice(
            "webhook refused by the decoder; quarantined",
            metadata: [
                "switchboard.provider": .string(provider), "switchboard.connection": .string(connection),
                "switchboard.error.code": .string(error.code),
            ])
        do {
            try await store.quarantine(
                QuarantinedRequest(
                    receivedAt: receivedAt, provider: provider, connection: connection, reason: reason, method: inbound.method,
                    url: inbound.url, headers: SensitiveHeaders.removing(from: inbound.headers), body: inbound.body))
        } catch {
            logger.error(
                "could not quarantine the request",
                metadata: ["switchboard.connection": .string(connection), "error.message": .string(error.description)])
            metrics.webhookRequest(provider: provider, outcome: "store_error")
            return .text(.serviceUnavailable, "storage unavailable, retry later")
        }
        metrics.webhookRequest(provider: provider, outcome: "malformed")
        return .text(.badRequest, reason)
    }

    /// The request as adapters see it: the full public URL (what Twilio and MessageBird sign), headers, raw body.
    private func inboundRequest(_ request: Request, body: [UInt8]) -> InboundRequest {
        var headers: [SwitchboardCore.HTTPField] = []
        headers.reserveCapacity(request.headers.count)
        for field in request.headers { headers.append(SwitchboardCore.HTTPField(name: field.name.rawName, value: field.value)) }
        let base: String
        if let publicURL = configuration.publicURL {
            base = publicURL
        } else {
            base = "http://" + (request.head.authority ?? "\(configuration.host):\(configuration.port)")
        }
        return InboundRequest(method: request.method.rawValue, url: base + request.uri.string, headers: headers, body: body)
    }
}

extension Response {
    /// A plain-text response.
    static func text(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text + "\n")))
    }

    /// A JSON response.
    static func json(_ status: HTTPResponse.Status, _ value: JSONValue) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: JSONWriter(sortedKeys: true).bytes(value))))
    }

    /// An adapter's reply (handshake or acknowledgement).
    static func reply(_ answer: HandshakeResponse) -> Response {
        Response(
            status: HTTPResponse.Status(code: answer.status), headers: [.contentType: answer.contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(string: answer.body)))
    }
}
