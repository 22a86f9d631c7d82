import AdapterKit
import Dialog360Adapter
import Foundation
import MetaAdapter
import SwitchboardCore
import SwitchboardLedger
import TestSupport

/// Decodes webhooks with the real adapters, as the gateway does, so the account changes are derived from the
/// canonical events the pipeline stores.
enum AccountChangeSupport {
    /// The canonical events of `body` decoded by the Meta adapter (or the 360dialog one).
    static func events(_ body: [UInt8], dialog360: Bool = false) throws -> [CanonicalEvent] {
        let request = InboundRequest(body: body, contentType: "application/json")
        if dialog360 { return try Dialog360Adapter().decode(request, context: DecodeContext()) }
        return try MetaAdapter().decode(request, context: DecodeContext())
    }

    /// The events of the recorded fixture `fixtures/<provider>/<name>`.
    static func fixture(_ name: String, provider: String = "meta") throws -> [CanonicalEvent] {
        try events(FixturePaths.bytes(provider, name), dialog360: provider == "360dialog")
    }

    /// The events of a hand-made WhatsApp webhook with one change `field` → `value` (JSON text) on account `waba`.
    static func webhook(field: String, value: String, waba: String = "102290129340398", time: Int = 1_751_247_548) throws
        -> [CanonicalEvent]
    {
        let body =
            #"{"object":"whatsapp_business_account","entry":[{"id":"\#(waba)","time":\#(time),"changes":[{"field":"\#(field)","value":\#(value)}]}]}"#
        return try events(Array(body.utf8))
    }

    /// Every account change of `events` for `connections`.
    static func changes(_ events: [CanonicalEvent], connections: [String] = ["wa"]) -> [AccountChange] {
        events.flatMap { AccountChange.changes(from: $0, connections: connections) }
    }

    /// The template updates among `changes`.
    static func templateUpdates(_ changes: [AccountChange]) -> [TemplateUpdate] {
        changes.compactMap { change in
            if case .template(_, let update) = change { return update }
            return nil
        }
    }

    /// `error` of the recorded send response `fixtures/meta/responses/<name>` (a Graph `{"error": {...}}`), as JSON text.
    static func responseError(_ name: String) throws -> String {
        let root = try JSONParser.parse(FixturePaths.bytes("meta", "responses/" + name))
        guard let error = root["body"]?["error"] else { throw FixtureMissing(name: name) }
        return error.canonicalText
    }

    struct FixtureMissing: Error { var name: String }

    static func time(_ rfc3339: String) -> Timestamp { Timestamp.iso8601(rfc3339)! }
}
