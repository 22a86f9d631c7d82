import AdapterKit
import Foundation
import Logging
import SwitchboardAdapters
import SwitchboardCore
import SwitchboardServer
import SwitchboardStore
import Testing

/// The `templates:` block and the demo's catalog settings.
@Suite struct TemplateCatalogConfigurationTests {
    static let loader = ConfigurationLoader(
        secrets: SecretSource(environment: [:]), knownProviders: Set(StandardAdapters.registry.providers))

    static func yaml(templates: String) -> String {
        """
        listen: 127.0.0.1:8080
        store:
          sqlite: ./data.db
        templates:
        \(templates)
        connections: []
        """
    }

    @Test func theTemplatesBlockIsRead() throws {
        let configuration = try Self.loader.load(yaml: Self.yaml(templates: "  sync_interval_ms: 120000\n  max_pages: 5"))
        #expect(configuration.templates.syncIntervalMilliseconds == 120_000)
        #expect(configuration.templates.maxPages == 5)
        let onDemand = try Self.loader.load(yaml: Self.yaml(templates: "  sync_interval_ms: 0"))
        #expect(onDemand.templates.syncIntervalMilliseconds == 0)
        let defaults = try Self.loader.load(yaml: "listen: 127.0.0.1:8080\nconnections: []")
        #expect(defaults.templates == TemplateSyncSettings())
        #expect(defaults.templates.syncIntervalMilliseconds == 3_600_000)
    }

    @Test func aBadTemplatesBlockSaysWhereAndWhy() {
        #expect(
            Self.loader.problems(in: Self.yaml(templates: "  sync_interval_ms: 1000")) == [
                "line 5: templates.sync_interval_ms: expected 0 (on demand only) or at least 60000 (one minute): a catalog read lists every template"
            ])
        let unknown = Self.loader.problems(in: Self.yaml(templates: "  every: 5"))
        #expect(unknown.count == 1)
        #expect(unknown.first?.contains("templates.every") == true, "\(unknown)")
        #expect(Self.loader.problems(in: Self.yaml(templates: "  max_pages: 0")).count == 1)
    }

    @Test("the demo passes config check and reads the catalogs of its Meta and 360dialog WhatsApp connections")
    func demo() throws {
        let configuration = try Self.loader.load(yaml: GatewayConfiguration.demoYAML)
        let meta = try #require(configuration.connections.first { $0.name == "demo-wa" })
        #expect(meta.options["business_account_id"] == "102290129340398")
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sync = TemplateCatalogSync(
            store: try SQLiteEventStore(path: directory.appendingPathComponent("demo.db").path), transport: NoTransport(),
            registry: StandardAdapters.registry,
            connections: configuration.connections, settings: configuration.templates, logger: Logger(label: "test"))
        #expect(sync.scheduled.map(\.name) == ["demo-wa", "demo-360dialog"])
    }
}
