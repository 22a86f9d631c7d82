import AdapterKit
import SwitchboardAdapters
import SwitchboardCore
import SwitchboardMockProvider
import SwitchboardTransport
import Testing

/// Runs `body` against a mock started on 127.0.0.1:0, and shuts it down afterwards.
func withMock<T>(
    _ plan: MockFaultPlan = .none, _ body: (MockProvider, String) async throws -> T
) async throws -> T {
    let mock = MockProvider(configuration: .init(faults: plan))
    let port = try await mock.start()
    do {
        let result = try await body(mock, "http://127.0.0.1:\(port)")
        await mock.shutdown()
        return result
    } catch {
        await mock.shutdown()
        throw error
    }
}

/// One way of sending through a real adapter, pointed at the mock.
struct SendCase: Sendable, CustomStringConvertible {
    var name: String
    var provider: Provider
    var channel: Channel
    var account: String
    var to: String
    var secrets: [String: Secret]
    var options: [String: String] = [:]
    var content: JSONValue = ["type": "text", "text": "Your order has shipped"]
    /// The path the mock must have seen.
    var path: String
    var status: Int
    var idPrefix: String

    var description: String { name }

    func connection(baseURL: String) -> ConnectionConfig {
        ConnectionConfig(
            name: name, provider: provider, channel: channel, account: account, secrets: secrets, baseURL: baseURL, options: options)
    }

    func message(to recipient: String? = nil) throws -> OutboundMessage {
        try OutboundMessage(
            json: [
                "channel": .string(channel.rawValue), "account": .string(account), "to": .string(recipient ?? to), "content": content,
            ])
    }

    /// Encodes with the standard adapter, sends with `client`, and interprets the answer.
    func send(
        baseURL: String, to recipient: String? = nil, client: LoopbackClient = LoopbackClient(), timeout: Duration = .seconds(10)
    ) async throws -> (ProviderResponse, DeliveryOutcome) {
        let adapter = try #require(StandardAdapters.registry.adapter(for: provider))
        let request = try adapter.encode(try message(to: recipient), connection: connection(baseURL: baseURL))
        let response = try await client.send(request, options: TransportOptions(timeout: timeout))
        return (response, adapter.interpret(response, for: request))
    }

    static let all: [SendCase] = [
        SendCase(
            name: "whatsapp", provider: .meta, channel: .whatsapp, account: "106540352242922", to: "15550000001",
            secrets: ["access_token": "mock-token"], options: ["api_version": "v21.0"], path: "/v21.0/106540352242922/messages",
            status: 200, idPrefix: "wamid."),
        SendCase(
            name: "messenger", provider: .meta, channel: .messenger, account: "112233445566", to: "1008372609250235",
            secrets: ["access_token": "mock-token"], options: ["api_version": "v21.0"], path: "/v21.0/112233445566/messages", status: 200,
            idPrefix: "m_"),
        SendCase(
            name: "instagram", provider: .meta, channel: .instagram, account: "17841400000000001", to: "6543210987654321",
            secrets: ["access_token": "mock-token"], options: ["api_version": "v21.0"], path: "/v21.0/17841400000000001/messages",
            status: 200, idPrefix: "m_"),
        SendCase(
            name: "360dialog", provider: .dialog360, channel: .whatsapp, account: "15550001111", to: "15550000001",
            secrets: ["api_key": "mock-key"], path: "/messages", status: 200, idPrefix: "wamid."),
        SendCase(
            name: "telegram", provider: .telegram, channel: .telegram, account: "mock_bot", to: "123456789",
            secrets: ["bot_token": "123456:MOCK-token"], path: "/bot123456:MOCK-token/sendMessage", status: 200, idPrefix: ""),
        SendCase(
            name: "twilio-sms", provider: .twilio, channel: .sms, account: "+15550001111", to: "+15550000001",
            secrets: ["account_sid": "ACmock0000000000000000000000000000", "auth_token": "mock-auth"],
            path: "/2010-04-01/Accounts/ACmock0000000000000000000000000000/Messages.json", status: 201, idPrefix: "SM"),
        SendCase(
            name: "twilio-whatsapp", provider: .twilio, channel: .whatsapp, account: "+15550001111", to: "+15550000001",
            secrets: ["account_sid": "ACmock0000000000000000000000000000", "auth_token": "mock-auth"],
            path: "/2010-04-01/Accounts/ACmock0000000000000000000000000000/Messages.json", status: 201, idPrefix: "SM"),
        SendCase(
            name: "vonage-sms", provider: .vonage, channel: .sms, account: "15550001111", to: "15550000001",
            secrets: ["api_key": "mock-key", "api_secret": "mock-secret"], path: "/sms/json", status: 200, idPrefix: ""),
        SendCase(
            name: "vonage-messages", provider: .vonage, channel: .whatsapp, account: "15550001111", to: "15550000001",
            secrets: ["api_key": "mock-key", "api_secret": "mock-secret"], path: "/v1/messages", status: 202, idPrefix: ""),
        SendCase(
            name: "messagebird-sms", provider: .messagebird, channel: .sms, account: "+15550001111", to: "+15550000001",
            secrets: ["access_key": "mock-access"], path: "/messages", status: 201, idPrefix: ""),
        SendCase(
            name: "messagebird-mms", provider: .messagebird, channel: .sms, account: "+15550001111", to: "+15550000001",
            secrets: ["access_key": "mock-access"],
            content: ["type": "media", "text": "Look", "attachments": [["kind": "image", "url": "https://example.com/a.jpg"]]],
            path: "/mms", status: 201, idPrefix: ""),
    ]

    static func named(_ name: String) -> SendCase { all.first { $0.name == name }! }
}
