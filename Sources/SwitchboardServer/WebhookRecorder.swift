import AdapterKit
import Foundation
import SwitchboardCore

/// Writes incoming webhooks as fixtures `switchboard replay` accepts (`serve --record DIR`):
/// `DIR/<provider>/<case>.<ext>` (the body, byte-exact), `<case>.context.json` (account, channel,
/// method, url, headers, without credentials, signatures or secrets: the gateway passes the request through
/// ``WebhookRedaction`` first) and the golden of what the gateway decoded (`<case>.expected.jsonl`, or
/// `.expected.error` for a refused body).
public struct WebhookRecorder: Sendable {
    public let directory: URL
    /// A sequence number so two webhooks in the same millisecond get distinct names.
    private let counter = Locked(0)

    public init(directory: String) {
        self.directory = URL(fileURLWithPath: directory)
    }

    /// Records one verified webhook and what it decoded to for `connection`. The URL and headers are written as
    /// `redaction` leaves them (no secret of any configured connection); the body byte-exact.
    public func record(
        provider: Provider, connection: ConnectionConfig, request: InboundRequest, redaction: WebhookRedaction,
        outcome: Result<[CanonicalEvent], SwitchboardError>
    ) throws {
        let folder = directory.appendingPathComponent(provider.rawValue)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let sequence = counter.withLock { count in
            count += 1
            return count
        }
        let name = "recorded-\(Self.stamp())-\(sequence)"
        let base = folder.appendingPathComponent(name)
        try Data(request.body).write(to: base.appendingPathExtension(Self.fileExtension(request.contentType)))
        var context = JSONObject()
        if !connection.account.isEmpty { context.set("account", .string(connection.account)) }
        context.set("channel", connection.channel.map { .string($0.rawValue) })
        context.set("method", .string(request.method))
        let kept = redaction.redacting(request)
        context.set("url", .string(kept.url))
        var headers = JSONObject()
        for field in kept.headers { headers.set(field.name, .string(field.value)) }
        context.set("headers", .object(headers))
        try Data((JSONValue.object(context).prettyText + "\n").utf8).write(to: base.appendingPathExtension("context.json"))
        switch outcome {
        case .success(let events):
            try Data(events.map { $0.jsonLine + "\n" }.joined().utf8).write(to: base.appendingPathExtension("expected.jsonl"))
        case .failure(let error):
            try Data("\(error.code): \(error.message)\n".utf8).write(to: base.appendingPathExtension("expected.error"))
        }
    }

    /// The fixture extension `replay` maps back to the same content type.
    static func fileExtension(_ contentType: String?) -> String {
        switch contentType ?? "" {
        case let type where type.contains("json"): "json"
        case "application/x-www-form-urlencoded": "form"
        case "message/rfc822": "eml"
        case "": "json"
        default: "txt"
        }
    }

    static func stamp() -> String {
        let now = Timestamp(Date()).rfc3339
        return String(now.filter { $0.isNumber }.prefix(17))
    }
}
