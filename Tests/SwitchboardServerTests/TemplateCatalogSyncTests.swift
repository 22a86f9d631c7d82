import AdapterKit
import Foundation
import HummingbirdTesting
import Logging
import SwitchboardAdapters
import SwitchboardCore
import SwitchboardCurl
import SwitchboardMockProvider
import SwitchboardServer
import SwitchboardStore
import TestSupport
import Testing

/// The template catalog read from the provider: the mock provider on loopback, the libcurl transport, a SQLite store.
@Suite("Template catalog sync", .serialized)
struct TemplateCatalogSyncTests {
    static let waba = "102290129340398"
    static let transport = CurlTransport()

    static func connections(baseURL: String) -> [ConnectionConfig] {
        [
            ConnectionConfig(
                name: "wa", provider: .meta, channel: .whatsapp, account: "106540352242922", secrets: ["access_token": "token"],
                baseURL: baseURL, options: ["business_account_id": waba]),
            ConnectionConfig(
                name: "d360", provider: .dialog360, channel: .whatsapp, account: "106540352242922", secrets: ["api_key": "key"],
                baseURL: baseURL),
            ConnectionConfig(
                name: "wa-no-waba", provider: .meta, channel: .whatsapp, account: "106540352242923", secrets: ["access_token": "token"],
                baseURL: baseURL),
            ConnectionConfig(
                name: "sms", provider: .twilio, channel: .sms, account: "+15005550006",
                secrets: ["account_sid": "AC0", "auth_token": "t"], baseURL: baseURL),
        ]
    }

    /// A sync over a fresh SQLite store and a mock started with `plan`; `body` gets the sync, the store and the mock.
    func withSync(
        _ plan: MockFaultPlan = .none, settings: TemplateSyncSettings = TemplateSyncSettings(),
        _ body: (TemplateCatalogSync, SQLiteEventStore, MockProvider) async throws -> Void
    ) async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteEventStore(path: directory.appendingPathComponent("catalog.db").path)
        let mock = MockProvider(configuration: .init(faults: plan))
        let port = try await mock.start()
        let sync = TemplateCatalogSync(
            store: store, transport: Self.transport, registry: StandardAdapters.registry,
            connections: Self.connections(baseURL: "http://127.0.0.1:\(port)"), settings: settings, logger: Logger(label: "test"))
        do {
            try await body(sync, store, mock)
        } catch {
            await mock.shutdown()
            await store.close()
            throw error
        }
        await mock.shutdown()
        await store.close()
    }

    @Test("a sync reads every page of both families and replaces the stored catalog")
    func readsAllPages() async throws {
        try await withSync { sync, store, mock in
            for name in ["wa", "d360"] {
                guard case .synced(let count, let at) = await sync.sync(connection: name, actor: "test") else {
                    Issue.record("\(name) did not sync")
                    continue
                }
                #expect(count == 6)
                let catalog = try await store.templateCatalog(connection: name)
                #expect(catalog.syncedAt == at)
                #expect(catalog.lastSyncError == nil)
                #expect(Set(catalog.templates.map(\.name)).count == 6)
                #expect(catalog.template(named: "hello_world", language: "en_US")?.isSendable == true)
                #expect(catalog.template(named: "spring_sale", language: "en_US")?.category == "marketing")
                #expect(catalog.template(named: "winter_sale", language: "en_US")?.status == "PAUSED")
                #expect(catalog.template(named: "abandoned_cart", language: "en")?.reason == "INVALID_FORMAT")
            }
            #expect(mock.recordedRequests().count == 4, "two pages per family")
            let audit = try await store.auditEntries(target: "wa", limit: 10, before: nil)
            #expect(audit.contains { $0.action == "templates.sync" && $0.actor == "test" })
        }
    }

    @Test("a provider error keeps the old catalog and records the error")
    func errorKeepsTheCatalog() async throws {
        try await withSync { sync, store, mock in
            guard case .synced = await sync.sync(connection: "wa", actor: "test") else {
                Issue.record("the first sync failed")
                return
            }
            let before = try await store.templateCatalog(connection: "wa")
            mock.setFaults(try MockFaultPlan(spec: "5xx=1,5xx-status=503"))
            guard case .failed(let error) = await sync.sync(connection: "wa", actor: "test") else {
                Issue.record("expected a failure")
                return
            }
            #expect(error.code == .providerRefused)
            let after = try await store.templateCatalog(connection: "wa")
            #expect(after.templates == before.templates)
            #expect(after.syncedAt == before.syncedAt)
            #expect(after.lastSyncError?.contains("HTTP 503") == true, "\(after.lastSyncError ?? "none")")

            // The provider recovers: the next sync clears the error.
            mock.setFaults(.none)
            guard case .synced = await sync.sync(connection: "wa", actor: "test") else {
                Issue.record("the recovery sync failed")
                return
            }
            #expect(try await store.templateCatalog(connection: "wa").lastSyncError == nil)
        }
    }

    @Test("a listing longer than templates.max_pages replaces nothing")
    func pageCap() async throws {
        var settings = TemplateSyncSettings()
        settings.maxPages = 1
        try await withSync(settings: settings) { sync, store, _ in
            guard case .failed(let error) = await sync.sync(connection: "wa", actor: "test") else {
                Issue.record("expected a failure")
                return
            }
            #expect(error.code == .tooManyPages)
            let catalog = try await store.templateCatalog(connection: "wa")
            #expect(catalog.templates.isEmpty)
            #expect(catalog.syncedAt == nil)
            #expect(catalog.lastSyncError?.hasPrefix("too_many_pages") == true)
        }
    }

    @Test("an unreachable provider is a transport failure; a connection that cannot list is only answered")
    func unreachableAndUnsupported() async throws {
        let (port, socket) = try LoopbackListener.refusingPort()
        defer { close(socket) }
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteEventStore(path: directory.appendingPathComponent("catalog.db").path)
        let sync = TemplateCatalogSync(
            store: store, transport: Self.transport, registry: StandardAdapters.registry,
            connections: Self.connections(baseURL: "http://127.0.0.1:\(port)"), settings: TemplateSyncSettings(),
            logger: Logger(label: "test"))
        #expect(sync.scheduled.map(\.name) == ["wa", "d360"])
        if case .failed(let error) = await sync.sync(connection: "wa", actor: "test") {
            #expect(error.code == .transport)
        } else {
            Issue.record("expected a transport failure")
        }
        #expect(try await store.templateCatalog(connection: "wa").lastSyncError?.hasPrefix("transport") == true)
        for (name, code) in [("wa-no-waba", TemplateCatalogErrorCode.notConfigured), ("sms", .unsupported), ("nope", .notConfigured)] {
            if case .failed(let error) = await sync.sync(connection: name, actor: "test") {
                #expect(error.code == code, "\(name)")
            } else {
                Issue.record("\(name): expected a failure")
            }
            #expect(try await store.templateCatalog(connection: name).lastSyncError == nil, "\(name): nothing to record")
        }
        await store.close()
    }

    @Test("failed rounds are tried again after 2 s, doubling up to the interval")
    func retryDelays() {
        let hour = Duration.seconds(3600)
        #expect(TemplateCatalogSync.retryDelay(afterFailures: 0, interval: hour) == hour)
        #expect(TemplateCatalogSync.retryDelay(afterFailures: 1, interval: hour) == .seconds(2))
        #expect(TemplateCatalogSync.retryDelay(afterFailures: 3, interval: hour) == .seconds(8))
        #expect(TemplateCatalogSync.retryDelay(afterFailures: 30, interval: hour) == hour)
    }

    @Test("the demo reads the mock's catalog at start for its Meta and 360dialog connections, and stops gracefully")
    func demoReadsTheMockCatalog() async throws {
        let demo = try DemoGateway { $0.templates.syncIntervalMilliseconds = 3_600_000 }
        let store = demo.gateway.store
        let mock = demo.mockProvider
        try await demo.gateway.application.test(.live) { _ in
            try await eventually("both demo WhatsApp catalogs were read", timeout: .seconds(20)) {
                let meta = try await store.templateCatalog(connection: "demo-wa")
                let dialog = try await store.templateCatalog(connection: "demo-360dialog")
                return meta.templates.count == 6 && dialog.templates.count == 6
            }
            let catalog = try await store.templateCatalog(connection: "demo-wa")
            #expect(catalog.template(named: "hello_world", language: "en_US")?.isSendable == true)
            #expect(catalog.template(named: "winter_sale", language: "en_US")?.isSendable == false)
            let paths = mock.recordedRequests().map(\.path)
            #expect(paths.filter { $0 == "/v24.0/\(Self.waba)/message_templates" }.count == 2, "\(paths)")
            #expect(paths.filter { $0 == "/v1/configs/templates" }.count == 2, "\(paths)")
        }
        await demo.transport.shutdown()
    }
}
