import AdapterKit
import EmailAdapter
import SwitchboardAdapters
import SwitchboardCore

/// One libFuzzer target: a decoder and what it runs on each input. Every target also checks what must hold of the
/// decoder's output (a round trip), so a wrong answer stops the run as a crash would.
enum FuzzTarget: String, CaseIterable {
    /// `JSONParser` on the raw bytes; a document it accepts must come back equal from `JSONWriter`'s text.
    case json
    /// `MIMEParser` on the raw bytes, every part's text, header words, addresses and date read.
    case mime
    /// `FormBody` on the raw bytes (its decode must survive an encode), then `WebhookFields` from them as a form
    /// body, a GET query and, when they start with `{`, a JSON body.
    case form
    /// Each adapter's `verify`, `handshake` and `decode` on a ``FuzzRequest``, against ``FuzzConnection``.
    case meta, dialog360 = "360dialog", telegram, twilio, vonage, messagebird, email

    /// The provider of an adapter target.
    var provider: Provider? {
        switch self {
        case .json, .mime, .form: nil
        default: Provider(rawValue)
        }
    }

    func run(_ bytes: [UInt8]) {
        switch self {
        case .json: Self.json(bytes)
        case .mime: Self.mime(bytes)
        case .form: Self.form(bytes)
        default: Self.adapter(provider!, bytes)
        }
    }

    private static func json(_ bytes: [UInt8]) {
        guard let value = try? JSONParser.parse(bytes) else { return }
        for writer in [JSONWriter(sortedKeys: false), JSONWriter(sortedKeys: false, pretty: true)] {
            let text = writer.bytes(value)
            guard let again = try? JSONParser.parse(text) else { fatalError("JSONWriter wrote text JSONParser refuses") }
            guard again == value else { fatalError("JSONWriter's text parses to a different value") }
        }
    }

    private static func mime(_ bytes: [UInt8]) {
        let message = MIMEParser.parse(bytes)
        var sink = 0
        for name in ["Subject", "From", "To", "Cc", "Reply-To", "Message-ID", "Date"] {
            sink &+= message.headers.decoded(name)?.utf8.count ?? 0
        }
        sink &+= EmailAddress.parseList(message.headers["From"] ?? "").count
        sink &+= EmailDate.parse(message.headers["Date"] ?? "").map { Int($0.milliseconds & 1) } ?? 0
        for part in message.leaves {
            sink &+= part.text.utf8.count &+ (part.filename?.utf8.count ?? 0) &+ (part.contentID?.utf8.count ?? 0)
            sink &+= part.disposition?.utf8.count ?? 0
        }
        blackHole(sink)
    }

    private static func form(_ bytes: [UInt8]) {
        let form = FormBody.parse(bytes)
        let encoded = FormBody.encode(form.fields.map { ($0.name, $0.value) })
        guard FormBody.parse(encoded) == form else { fatalError("FormBody.encode's text parses to different fields") }
        blackHole(form.jsonValue)
        let query = String(decoding: bytes.filter { $0 != UInt8(ascii: "#") }, as: UTF8.self)
        let requests = [
            InboundRequest(body: bytes, contentType: "application/x-www-form-urlencoded"),
            InboundRequest(method: "GET", url: "http://localhost/webhook?" + query, body: []),
        ]
        for request in requests {
            if let fields = try? WebhookFields(request: request) { blackHole(fields.raw) }
        }
    }

    private static func adapter(_ provider: Provider, _ bytes: [UInt8]) {
        guard let adapter = StandardAdapters.registry.adapter(for: provider) else { fatalError("no adapter for \(provider)") }
        let input = FuzzRequest(parsing: bytes)
        let connection = FuzzConnection.make(provider: provider, for: input)
        blackHole(adapter.verify(input.request, connection: connection))
        blackHole(adapter.handshake(input.request, connection: connection))
        blackHole(adapter.credentialFields(connection: connection))
        // Decoded whatever the verdict: the gateway decodes only verified requests, but a crash found here is one an
        // attacker holding a secret (or a future bug in verify) could reach.
        guard let events = try? adapter.decode(input.request, context: input.context) else { return }
        for event in events {
            blackHole(event.jsonLine)
            _ = adapter.owns(account: event.account, connection: connection)
        }
    }
}

/// Keeps a value alive so that the optimizer cannot drop the work that produced it.
@inline(never) func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
