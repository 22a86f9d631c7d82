/// A request to a provider described as data: what the dispatcher will send, and what `encode` prints.
///
/// Adapters build these; only the transport performs them. SMTP sends carry an ``SMTPEnvelope`` and
/// the complete RFC 5322 message as the body.
public struct ProviderRequest: Sendable, Hashable {
    public var method: String
    public var url: String
    public var headers: [HTTPField]
    public var body: [UInt8]
    /// Envelope for `smtp://` / `smtps://` requests.
    public var smtp: SMTPEnvelope?
    /// Facts about the request other parts use (SMS `encoding` and `segments`, the provider method name, ...).
    public var annotations: JSONObject

    public init(
        method: String = "POST", url: String, headers: [HTTPField] = [], body: [UInt8] = [], smtp: SMTPEnvelope? = nil,
        annotations: JSONObject = JSONObject()
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.smtp = smtp
        self.annotations = annotations
    }

    /// A JSON request.
    public static func json(method: String = "POST", url: String, headers: [HTTPField] = [], body: JSONValue) -> ProviderRequest {
        ProviderRequest(
            method: method, url: url, headers: headers + [HTTPField(name: "Content-Type", value: "application/json")],
            body: JSONWriter(sortedKeys: false).bytes(body))
    }

    /// The value of the first header named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// A copy with every occurrence of each secret value replaced by `<redacted>`, in the URL, headers and body.
    public func redacting(_ secrets: [String]) -> ProviderRequest {
        var copy = self
        copy.headers = copy.headers.map { Self.redactingBasicCredentials($0, secrets: secrets) }
        for secret in secrets where !secret.isEmpty {
            copy.url = copy.url.replacingAll(secret, with: "<redacted>")
            copy.headers = copy.headers.map { HTTPField(name: $0.name, value: $0.value.replacingAll(secret, with: "<redacted>")) }
            let bodyText = String(decoding: copy.body, as: UTF8.self)
            if bodyText.contains(secret) { copy.body = Array(bodyText.replacingAll(secret, with: "<redacted>").utf8) }
        }
        return copy
    }

    /// A printable description: method, url, headers, and the body as JSON when it is JSON, else as text.
    public var descriptionJSON: JSONValue {
        var object = JSONObject()
        object.set("method", .string(method))
        object.set("url", .string(url))
        var headerObject = JSONObject()
        for field in headers { headerObject.append(field.name, .string(field.value)) }
        object.set("headers", .object(headerObject))
        let contentType = header("Content-Type") ?? ""
        if contentType.contains("json"), let parsed = try? JSONParser.parse(body) {
            object.set("body", parsed)
        } else if !body.isEmpty {
            object.set("body", .string(String(decoding: body, as: UTF8.self)))
        }
        if let smtp { object.set("smtp", smtp.json) }
        if !annotations.isEmpty { object.set("annotations", .object(annotations)) }
        return .object(object)
    }
}

/// One HTTP header field.
public struct HTTPField: Sendable, Hashable {
    public var name: String
    public var value: String
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// The SMTP envelope: `MAIL FROM` and every `RCPT TO` (To + Cc + Bcc).
public struct SMTPEnvelope: Sendable, Hashable {
    public var mailFrom: String
    public var recipients: [String]
    /// `true` to require STARTTLS on `smtp://` (CURLUSESSL_ALL).
    public var requireTLS: Bool

    public init(mailFrom: String, recipients: [String], requireTLS: Bool = true) {
        self.mailFrom = mailFrom
        self.recipients = recipients
        self.requireTLS = requireTLS
    }

    var json: JSONValue {
        ["mail_from": .string(mailFrom), "recipients": .array(recipients.map(JSONValue.string)), "require_tls": .bool(requireTLS)]
    }
}

/// What a provider answered.
public struct ProviderResponse: Sendable, Hashable {
    public var status: Int
    public var headers: [HTTPField]
    public var body: [UInt8]

    public init(status: Int, headers: [HTTPField] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of the first header named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The body parsed as JSON, or `nil`.
    public var jsonBody: JSONValue? { try? JSONParser.parse(body) }
}

extension String {
    /// Replaces every occurrence of `target` (plain substring match, no regex).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var remainder = self[...]
        while let range = remainder.range(of: target) {
            result += remainder[..<range.lowerBound]
            result += replacement
            remainder = remainder[range.upperBound...]
        }
        return result + remainder
    }
}
