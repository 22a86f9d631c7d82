import AdapterKit
import SwitchboardCore
import SwitchboardStore

extension WebhookPipeline {
    /// What running a quarantined request through the adapters again gives.
    enum Reprocessing: Sendable {
        /// It decodes now: these records are to be stored.
        case decoded([EventRecord])
        /// It still does not decode, or names an account its connection does not own, for this reason
        /// (`<code>: <message>`).
        case stillRefused(String)
        /// Its provider or connection is no longer configured.
        case notConfigured(String)
    }

    /// Decodes a quarantined request again with the adapter and connection it arrived for: after an adapter
    /// was fixed or a connection's settings changed, the webhook the provider was told was refused can still be
    /// ingested. The signature is not checked again: it was checked before the request was quarantined, and the
    /// headers that carried it were not kept. The connection it was kept for is the one whose secret verified it,
    /// so its events must belong to that connection as for a fresh delivery (``attribute(_:decodedFor:verified:request:adapter:)``
    /// with that connection alone): one naming another account stays refused (`account_not_owned`). The events are
    /// those a fresh delivery would give, with the same deterministic ids, so a provider's later re-delivery (or a
    /// second reprocessing) stores nothing twice.
    func reprocess(_ request: QuarantinedRequest) -> Reprocessing {
        guard let adapter = registry.adapter(for: Provider(request.provider)) else {
            return .notConfigured("no adapter for provider \"\(request.provider)\"")
        }
        guard let name = request.connection,
            let connection = configuration.connections.first(where: { $0.name == name && $0.provider == adapter.provider })
        else {
            return .notConfigured("connection \"\(request.connection ?? "")\" is not configured for \(request.provider)")
        }
        let inbound = InboundRequest(method: request.method, url: request.url, headers: request.headers, body: request.body)
        let events: [CanonicalEvent]
        do {
            events = try adapter.decode(inbound, context: DecodeContext(connection: connection))
        } catch {
            return .stillRefused("\(error.code): \(error.message)")
        }
        if let reason = tooManyEvents(events.count) { return .stillRefused(reason) }
        switch attribute(events, decodedFor: connection, verified: [connection], request: inbound, adapter: adapter) {
        case .owned(let records): return .decoded(records)
        case .notOwned(let reason): return .stillRefused(reason)
        case .undecodable(_, let error): return .stillRefused("\(error.code): \(error.message)")
        }
    }
}
