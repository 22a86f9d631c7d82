import AdapterKit
import Foundation
import SwitchboardCore

/// Runs one fixture case through its adapter and renders the result the way goldens store it.
public struct FixtureRunner: Sendable {
    public var registry: AdapterRegistry

    public init(registry: AdapterRegistry) { self.registry = registry }

    /// What the adapter produced for a case.
    public enum Output: Sendable, Hashable {
        /// Golden text for `<case>.expected.jsonl` / `.expected.json`.
        case success(String)
        /// Golden text for `<case>.expected.error`.
        case refusal(String)
    }

    /// Runs the case.
    public func run(_ fixture: FixtureCase) throws -> Output {
        guard let adapter = registry.adapter(for: fixture.provider) else {
            throw SwitchboardError(
                code: .unknownProvider, message: "no adapter for provider \"\(fixture.provider)\" (\(fixture.displayName))")
        }
        let bytes = Array(try Data(contentsOf: fixture.input))
        switch fixture.kind {
        case .inbound:
            let (request, context) = try inboundRequest(for: fixture, bytes: bytes)
            do {
                let events = try adapter.decode(request, context: context)
                return .success(events.map { $0.jsonLine + "\n" }.joined())
            } catch {
                return .refusal("\(error.code): \(error.message)\n")
            }
        case .outbound:
            let connection = try self.connection(for: fixture)
            do {
                let message = try OutboundMessage(json: JSONParser.parse(bytes))
                let request = try adapter.encode(message, connection: connection)
                return .success(request.redacting(connection.secretValues).descriptionJSON.prettyText + "\n")
            } catch let error as SwitchboardError {
                return .refusal("\(error.code): \(error.message)\n")
            }
        case .response:
            let recorded = try JSONParser.parse(bytes)
            let response = Self.response(from: recorded)
            let request = ProviderRequest(
                method: recorded["request"]?["method"]?.string ?? "POST", url: recorded["request"]?["url"]?.string ?? "")
            return .success(adapter.interpret(response, for: request).json.prettyText + "\n")
        }
    }

    /// The inbound request for a case: body from the file (or a parsed `.http` recording) plus context.
    public func inboundRequest(for fixture: FixtureCase, bytes: [UInt8]) throws -> (InboundRequest, DecodeContext) {
        var request: InboundRequest
        switch fixture.input.pathExtension.lowercased() {
        case "http": request = try RawHTTPRequest.parse(bytes)
        case "form": request = InboundRequest(body: bytes, contentType: "application/x-www-form-urlencoded")
        case "query":
            let query = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            request = InboundRequest(method: "GET", url: "http://localhost/webhook?\(query)", body: [])
        case "eml": request = InboundRequest(body: bytes, contentType: "message/rfc822")
        case "txt": request = InboundRequest(body: bytes, contentType: "text/plain")
        default: request = InboundRequest(body: bytes, contentType: "application/json")
        }
        var context = DecodeContext()
        if let contextData = try? Data(contentsOf: fixture.contextFile) {
            let json = try JSONParser.parse(Array(contextData))
            context.account = json["account"]?.identifier
            context.channel = json["channel"]?.string.flatMap(Channel.init(rawValue:))
            if let method = json["method"]?.string { request.method = method }
            if let url = json["url"]?.string { request.url = url }
            if let headers = json["headers"]?.object {
                for member in headers.members {
                    request.headers.removeAll { $0.name.lowercased() == member.key.lowercased() }
                    request.headers.append(HTTPField(name: member.key, value: member.value.string ?? ""))
                }
            }
        }
        return (request, context)
    }

    /// The connection for an outbound case: `connection.json` beside it, or placeholder secrets.
    public func connection(for fixture: FixtureCase) throws -> ConnectionConfig {
        let file = fixture.input.deletingLastPathComponent().appendingPathComponent("connection.json")
        guard let data = try? Data(contentsOf: file) else { return ExampleConnection.make(provider: fixture.provider) }
        return try ExampleConnection.make(provider: fixture.provider, json: JSONParser.parse(Array(data)))
    }

    /// A provider response from a recorded `{status, headers, body | body_text}` object.
    public static func response(from recorded: JSONValue) -> ProviderResponse {
        var headers: [HTTPField] = []
        for member in recorded["headers"]?.object?.members ?? [] {
            headers.append(HTTPField(name: member.key, value: member.value.identifier ?? ""))
        }
        let body: [UInt8]
        if let text = recorded["body_text"]?.string {
            body = Array(text.utf8)
        } else if let json = recorded["body"] {
            body = JSONWriter(sortedKeys: false).bytes(json)
        } else {
            body = []
        }
        return ProviderResponse(status: recorded["status"]?.int ?? 200, headers: headers, body: body)
    }
}

/// Connections for `encode` and fixtures when no real configuration is given: every well-known
/// secret name gets a placeholder value, which redaction then hides.
public enum ExampleConnection {
    /// Secret names adapters use.
    public static let secretNames = [
        "access_token", "app_secret", "verify_token", "api_key", "bot_token", "secret_token", "auth_token",
        "account_sid", "api_secret", "signature_secret", "access_key", "signing_key", "username", "password",
        "application_private_key",
    ]

    /// A placeholder connection for `provider`.
    public static func make(provider: Provider, json: JSONValue? = nil) -> ConnectionConfig {
        var secrets: [String: Secret] = [:]
        for name in secretNames { secrets[name] = Secret("example-\(name.replacingOccurrences(of: "_", with: "-"))") }
        var connection = ConnectionConfig(name: "example", provider: provider, secrets: secrets)
        guard let json else { return connection }
        connection.name = json["name"]?.string ?? connection.name
        connection.account = json["account"]?.identifier ?? connection.account
        connection.channel = json["channel"]?.string.flatMap(Channel.init(rawValue:))
        connection.baseURL = json["base_url"]?.string
        for member in json["secrets"]?.object?.members ?? [] {
            connection.secrets[member.key] = Secret(member.value.string ?? "")
        }
        for member in json["options"]?.object?.members ?? [] {
            connection.options[member.key] = member.value.identifier ?? member.value.canonicalText
        }
        return connection
    }
}
