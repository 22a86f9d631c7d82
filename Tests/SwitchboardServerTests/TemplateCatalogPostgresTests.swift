import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardCore
import SwitchboardCurl
import SwitchboardMockProvider
import SwitchboardServer
import TestSupport
import Testing

/// The template catalog on PostgreSQL (gated on `SWITCHBOARD_TEST_POSTGRES_URL`): the demo reads the mock's catalog at
/// start, and a template webhook then pauses one of its templates.
@Suite(
    "Template catalog on PostgreSQL", .enabled(if: PostgresTestServer.url != nil, "SWITCHBOARD_TEST_POSTGRES_URL is not set"))
struct TemplateCatalogPostgresTests {
    @Test("the demo reads the mock's catalog into PostgreSQL and a signed template webhook pauses a template")
    func catalogAndWebhook() async throws {
        let configuration = try PostgresGatewayTests.configuration(subscriberURL: nil)
        let transport = CurlTransport()
        let mock = try MockProvider(mockProviderOf: configuration)
        let store = try await openStore(configuration.store, logger: .init(label: "test"))
        let gateway = try buildApplication(configuration: configuration, transport: transport, store: store, providerServices: [mock])
        try await gateway.application.test(.live) { client in
            try await eventually("the demo-wa catalog was read", timeout: .seconds(20)) {
                try await store.templateCatalog(connection: "demo-wa").templates.count == 6
            }
            #expect(
                try await store.templateCatalog(connection: "demo-wa").template(named: "spring_sale", language: "en_US")?.isSendable == true
            )

            let now = Int(Date().timeIntervalSince1970) + 1
            let body = Array(
                #"{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","time":\#(now),"changes":[{"field":"message_template_status_update","value":{"event":"PAUSED","message_template_id":1010000000000003,"message_template_name":"spring_sale","message_template_language":"en_US","message_template_category":"MARKETING","reason":"NONE"}}]}]}"#
                    .utf8)
            let (status, text) = try await OwnershipFixture.post(
                client, "/webhooks/meta", headers: GatewayFixture.signedHeaders(body, secret: "demo-app-secret"), body: body)
            #expect(status == .ok, "\(text)")
            let template = try await store.templateCatalog(connection: "demo-wa").template(named: "spring_sale", language: "en_US")
            #expect(template?.status == "PAUSED")
            #expect(template?.isSendable == false)
        }
        await transport.shutdown()
        await PostgresGatewayTests.dropSchema(configuration)
    }
}
