import AdapterKit
import SwitchboardAdapters
import SwitchboardCore
import SwitchboardMockProvider
import SwitchboardTransport
import Testing

/// The mock's template catalog, read with the adapters' own request builders and page parsers over libcurl.
@Suite("Mock provider template catalog")
struct MockTemplateCatalogTests {
    static let meta = ConnectionConfig(
        name: "wa", provider: .meta, channel: .whatsapp, account: "106540352242922", secrets: ["access_token": "mock-token"],
        options: ["business_account_id": "102290129340398", "api_version": "v21.0"])
    static let dialog360 = ConnectionConfig(
        name: "d360", provider: .dialog360, channel: .whatsapp, account: "106540352242922", secrets: ["api_key": "mock-key"])

    /// Every page of `connection`'s catalog, through its adapter, with the pages' request paths.
    static func listAll(_ connection: ConnectionConfig, baseURL: String, pageSize: Int = 100) async throws
        -> (templates: [WhatsAppTemplate], pages: Int)
    {
        var connection = connection
        connection.baseURL = baseURL
        let source = try #require(StandardAdapters.registry.adapter(for: connection.provider) as? any TemplateCatalogSource)
        var templates: [WhatsAppTemplate] = []
        var cursor: String?
        var pages = 0
        repeat {
            let request = try source.templateCatalogRequest(connection: connection, cursor: cursor, pageSize: pageSize)
            let page = try source.templateCatalogPage(try await LoopbackClient().send(request, options: TransportOptions()))
            templates += page.templates
            cursor = page.next
            pages += 1
        } while cursor != nil && pages < 10
        return (templates, pages)
    }

    @Test("both families list the whole catalog in two pages", arguments: [meta, dialog360])
    func listsEveryPage(connection: ConnectionConfig) async throws {
        try await withMock { mock, baseURL in
            let (templates, pages) = try await Self.listAll(connection, baseURL: baseURL)
            #expect(pages == 2)
            #expect(templates.count == 6)
            let byName = Dictionary(uniqueKeysWithValues: templates.map { ($0.name, $0) })
            #expect(byName["hello_world"]?.status == "APPROVED")
            #expect(byName["hello_world"]?.category == "utility")
            #expect(byName["spring_sale"]?.category == "marketing")
            #expect(byName["spring_sale"]?.headerFormat == "IMAGE")
            #expect(byName["login_code"]?.category == "authentication")
            #expect(byName["winter_sale"]?.status == "PAUSED")
            #expect(byName["abandoned_cart"]?.status == "REJECTED")
            #expect(byName["abandoned_cart"]?.reason == "INVALID_FORMAT")
            #expect(byName["abandoned_cart"]?.language == "en")
            #expect(byName["hello_world"]?.reason == nil)
            let paths = mock.recordedRequests().map(\.path)
            let expected = connection.provider == .meta ? "/v21.0/102290129340398/message_templates" : "/v1/configs/templates"
            #expect(paths == [expected, expected])
        }
    }

    @Test("a Meta page asks for the documented fields and carries paging.next only while pages follow")
    func metaPaging() async throws {
        try await withMock { mock, baseURL in
            var connection = Self.meta
            connection.baseURL = baseURL
            let request = try MetaAdapterSource.request(connection, cursor: nil, pageSize: 2)
            let first = try await LoopbackClient().send(request, options: TransportOptions())
            #expect(first.status == 200)
            let body = try #require(first.jsonBody)
            #expect(body["data"]?.array?.count == 2)
            #expect(body["paging"]?["next"]?.string?.contains("after=") == true)
            #expect(mock.recordedRequests().first?.query.contains("fields=name%2Cstatus%2Ccategory%2Clanguage%2Ccomponents") == true)
            #expect(mock.recordedRequests().first?.headers.contains { $0.name.lowercased() == "authorization" } == true)

            let (templates, pages) = try await Self.listAll(Self.meta, baseURL: baseURL, pageSize: 2)
            #expect(pages == 3)
            #expect(templates.count == 6)
        }
    }

    @Test("missing credentials answer 401 in the provider's shape", arguments: [meta, dialog360])
    func unauthorized(connection: ConnectionConfig) async throws {
        try await withMock { _, baseURL in
            var anonymous = connection
            anonymous.baseURL = baseURL
            let source = try #require(StandardAdapters.registry.adapter(for: connection.provider) as? any TemplateCatalogSource)
            var request = try source.templateCatalogRequest(connection: anonymous, cursor: nil, pageSize: 10)
            request.headers = []
            let response = try await LoopbackClient().send(request, options: TransportOptions())
            #expect(response.status == 401)
            #expect(throws: TemplateCatalogError.self) { try source.templateCatalogPage(response) }
        }
    }

    @Test("the fault plan applies to the catalog: a 5xx is a refusal with the provider's message")
    func faultsApply() async throws {
        try await withMock(try MockFaultPlan(spec: "5xx=1,5xx-status=503")) { mock, baseURL in
            do {
                _ = try await Self.listAll(Self.meta, baseURL: baseURL)
                Issue.record("expected a refusal")
            } catch let error as TemplateCatalogError {
                #expect(error.code == .providerRefused)
                #expect(error.message.hasPrefix("HTTP 503 (code 131000)"))
            }
            #expect(mock.recordedRequests().first?.fault == "5xx")
        }
    }

    @Test("a catalog path answers GET only")
    func getOnly() async throws {
        try await withMock { _, baseURL in
            let response = try await LoopbackClient().call(
                "POST", baseURL + "/v21.0/102290129340398/message_templates", headers: [("Authorization", "Bearer x")])
            #expect(response.status == 405)
        }
    }
}

/// The Meta adapter's catalog request, named for the tests.
enum MetaAdapterSource {
    static func request(_ connection: ConnectionConfig, cursor: String?, pageSize: Int) throws -> ProviderRequest {
        let source = try #require(StandardAdapters.registry.adapter(for: .meta) as? any TemplateCatalogSource)
        return try source.templateCatalogRequest(connection: connection, cursor: cursor, pageSize: pageSize)
    }
}
