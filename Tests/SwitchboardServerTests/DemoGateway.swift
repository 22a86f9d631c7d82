import Foundation
import HTTPTypes
import Logging
import SwitchboardAdapters
import SwitchboardCore
import SwitchboardCurl
import SwitchboardMockProvider
import SwitchboardServer
import TestSupport
import Testing

/// The gateway built from the embedded demo YAML, as `switchboard serve` with no `--config` builds it, with the
/// store in a fresh temporary folder, the mock provider on a free port (the demo's base URLs follow it) run
/// beside the gateway as `serve` runs it, and the metrics listener on another free port.
struct DemoGateway {
    let gateway: Gateway
    let transport: CurlTransport
    /// The mock provider `mock_provider:` configures (one of the gateway's services).
    let mockProvider: MockProvider

    init(adjust: (inout GatewayConfiguration) -> Void = { _ in }) throws {
        let (mockPort, socket) = try LoopbackListener.refusingPort()
        close(socket)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-demo-\(UUID().uuidString)").path
        let yaml = GatewayConfiguration.demoYAML
            .replacingOccurrences(of: "./switchboard-data/switchboard.db", with: folder + "/switchboard.db")
            .replacingOccurrences(of: "127.0.0.1:8090", with: "127.0.0.1:\(mockPort)")
            .replacingOccurrences(of: "listen: 127.0.0.1:8080", with: "listen: 127.0.0.1:0")
        var configuration = try ConfigurationLoader(
            secrets: SecretSource(environment: [:]), knownProviders: Set(StandardAdapters.registry.providers)
        ).load(yaml: yaml)
        // The catalog read at start would add requests to the mock's record; tests that need it opt in with `adjust`.
        configuration.templates.syncIntervalMilliseconds = 0
        // The metrics listener on a free port: tests run many gateways at once.
        configuration.metricsListen = ListenAddress(host: "127.0.0.1", port: 0)
        adjust(&configuration)
        var logger = Logger(label: "test.demo")
        logger.logLevel = .error
        transport = CurlTransport()
        mockProvider = try MockProvider(mockProviderOf: configuration)
        gateway = try buildApplication(
            configuration: configuration, transport: transport, logger: logger, providerServices: [mockProvider], metricsListener: true)
    }

    /// The demo API key's headers.
    static func headers() -> HTTPFields {
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        fields[.authorization] = "Bearer demo-api-key"
        return fields
    }

    /// An SMS through `demo-twilio` (no window, no consent needed: the demo's quickest send).
    static func sms(_ text: String, to contact: String = "+15551234567") -> [UInt8] {
        Array(#"{"conversation":"sms:+15005550006:\#(contact)","content":{"type":"text","text":"\#(text)"}}"#.utf8)
    }

    /// The demo's approved `hello_world` WhatsApp template, sendable outside the 24 h window.
    static let helloWorld = Array(
        #"{"conversation":"whatsapp:106540352242922:16505551234","content":{"type":"template","template":{"name":"hello_world","language":"en_US"}}}"#
            .utf8)
}

extension MockProvider {
    /// The mock provider `configuration.mockProvider` describes, as `switchboard serve` starts it.
    convenience init(mockProviderOf configuration: GatewayConfiguration) throws {
        let settings = try #require(configuration.mockProvider)
        self.init(
            configuration: .init(
                host: settings.host, port: settings.port, faults: settings.faults, maxRecordedRequests: settings.maxRecordedRequests))
    }
}
