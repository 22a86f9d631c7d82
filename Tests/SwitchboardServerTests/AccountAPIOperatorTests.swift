import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardCore
import SwitchboardCurl
import SwitchboardMockProvider
import SwitchboardServer
import Testing

/// The operator's actions through the real HTTP server on a real SQLite file: consent, block, contact cap, the price
/// table, template sync, and the audit list that records them.
@Suite("Account API: consent, block, contact cap, prices, audit")
struct AccountAPIOperatorTests {
    typealias Fixture = AccountAPIFixture

    static let consentPath = "/v1/conversations/\(Fixture.conversation)/consent"
    static let blockPath = "/v1/conversations/\(Fixture.conversation)/block"

    @Test("consent is recorded with its evidence and actor, and revoked; each is an audit line")
    func consent() async throws {
        try await Fixture.gateway().application.test(.live) { client in
            let body = #"{"source": "web_form", "evidence": "Yes, send me order updates on WhatsApp", "at": "2026-01-02T03:04:05Z"}"#
            let (status, flags) = try await Fixture.call(client, .put, Self.consentPath, key: Fixture.waKey, body: body)
            #expect(status == .ok)
            #expect(flags["conversation"]?.string == Fixture.conversation)
            #expect(flags["consent"]?["source"]?.string == "web_form")
            #expect(flags["consent"]?["evidence"]?.string == "Yes, send me order updates on WhatsApp")
            #expect(flags["consent"]?["at"]?.string == "2026-01-02T03:04:05Z")
            #expect(flags["consent"]?["actor"]?.string == Fixture.actor(Fixture.waKey))
            #expect(flags["blocked"]?.bool == false)

            let (revoked, after) = try await Fixture.call(client, .delete, Self.consentPath, key: Fixture.waKey)
            #expect(revoked == .ok)
            #expect(after["consent"] == .null)

            let (_, audit) = try await Fixture.call(client, .get, "/v1/audit?target=\(Fixture.conversation)", key: Fixture.waKey)
            let items = try #require(audit["items"]?.array)
            #expect(items.compactMap { $0["action"]?.string } == ["consent.revoke", "consent.record"])
            #expect(items.allSatisfy { $0["actor"]?.string == Fixture.actor(Fixture.waKey) })
            #expect(items.allSatisfy { $0["target"]?.string == Fixture.conversation })
        }
    }

    @Test(
        "bad consent bodies are 400",
        arguments: [
            #"{"evidence": "x"}"#, #"{"source": ""}"#, #"{"source": 3}"#, #"{"source": "web", "evidence": 3}"#,
            #"{"source": "web", "at": "yesterday"}"#, #"{"source": "web", "at": "2999-01-01T00:00:00Z"}"#, "",
        ])
    func badConsent(body: String) async throws {
        try await Fixture.gateway().application.test(.live) { client in
            let (status, _) = try await Fixture.call(client, .put, Self.consentPath, body: body)
            #expect(status == .badRequest)
        }
    }

    @Test("a contact is blocked with a reason and unblocked; a key for another connection cannot")
    func block() async throws {
        try await Fixture.gateway().application.test(.live) { client in
            let (status, flags) = try await Fixture.call(
                client, .put, Self.blockPath, key: Fixture.waKey, body: #"{"reason": "asked us to stop"}"#)
            #expect(status == .ok)
            #expect(flags["blocked"]?.bool == true)
            #expect(flags["blocked_reason"]?.string == "asked us to stop")
            // No body at all is a block without a reason.
            let (again, _) = try await Fixture.call(client, .put, Self.blockPath, key: Fixture.waKey)
            #expect(again == .ok)

            #expect(try await Fixture.call(client, .delete, Self.blockPath, key: Fixture.otherKey).status == .forbidden)
            #expect(try await Fixture.call(client, .delete, Self.blockPath, key: nil).status == .unauthorized)
            let (unblocked, after) = try await Fixture.call(client, .delete, Self.blockPath, key: Fixture.waKey)
            #expect(unblocked == .ok)
            #expect(after["blocked"]?.bool == false)

            let (_, audit) = try await Fixture.call(client, .get, "/v1/audit")
            #expect(audit["items"]?.array?.compactMap { $0["action"]?.string } == ["unblock", "block", "block"])
        }
    }

    @Test("conversation keys: malformed is 400, an account no connection carries 404, a + percent-encoded works")
    func conversationKeys() async throws {
        try await Fixture.gateway().application.test(.live) { client in
            #expect(try await Fixture.call(client, .put, "/v1/conversations/nonsense/block").status == .badRequest)
            #expect(try await Fixture.call(client, .put, "/v1/conversations/fax:1:2/block").status == .badRequest)
            #expect(try await Fixture.call(client, .put, "/v1/conversations/whatsapp:999:1/block").status == .notFound)
            #expect(
                try await Fixture.call(client, .put, "/v1/conversations/telegram:demo_bot:42/block", key: Fixture.waKey).status
                    == .forbidden)
            let (status, flags) = try await Fixture.call(client, .put, "/v1/conversations/whatsapp:\(Fixture.account):%2B4915123/block")
            #expect(status == .ok)
            #expect(flags["conversation"]?.string == "whatsapp:\(Fixture.account):+4915123")
        }
    }

    @Test("the contact cap is set through the API, shown on the account, and removed with null")
    func contactCap() async throws {
        try await Fixture.gateway().application.test(.live) { client in
            let uri = "/v1/connections/wa/contact_cap"
            let (status, set) = try await Fixture.call(client, .put, uri, key: Fixture.waKey, body: #"{"cap": 2}"#)
            #expect(status == .ok)
            #expect(set["contact_cap"]?.int == 2)
            var (_, account) = try await Fixture.call(client, .get, "/v1/connections/wa/account")
            #expect(account["contacts"]?["cap"]?.int == 2)
            #expect(account["contacts"]?["source"]?.string == "api")
            #expect(account["contacts"]?["left"]?.int == 2)

            let (removed, none) = try await Fixture.call(client, .put, uri, body: #"{"cap": null}"#)
            #expect(removed == .ok)
            #expect(none["contact_cap"] == .null)
            (_, account) = try await Fixture.call(client, .get, "/v1/connections/wa/account")
            #expect(account["contacts"]?["cap"] == .null)
            #expect(account["contacts"]?["source"]?.string == "api")

            for body in [#"{"cap": -1}"#, #"{"cap": "5"}"#, #"{"cap": 1.5}"#, "{}", #"{"cap": 3000000000}"#] {
                #expect(try await Fixture.call(client, .put, uri, body: body).status == .badRequest, "\(body)")
            }
            let (_, audit) = try await Fixture.call(client, .get, "/v1/audit?target=wa")
            #expect(audit["items"]?.array?.compactMap { $0["action"]?.string } == ["contact_cap.set", "contact_cap.set"])
        }
    }

    static let goodCSV = """
        calling_code,category,price,currency,effective_from
        1,marketing,0.0250,USD,2025-07-01
        *,service,0.0040,USD,2026-10-01

        """

    @Test("a price table imports all or nothing, every bad line reported with its number")
    func prices() async throws {
        try await Fixture.gateway().application.test(.live) { client in
            let bad =
                "calling_code,category,price,currency,effective_from\n1,marketing,0.0250,USD,2025-07-01\nx,marketing,cheap,USD,2025-07-01\n"
            let (refused, problems) = try await Fixture.call(client, .post, "/v1/prices", body: bad, contentType: "text/csv")
            #expect(refused == .unprocessableContent)
            #expect(problems["code"]?.string == "invalid_price_table")
            let lines = problems["problems"]?.array?.compactMap { $0["line"]?.int }
            #expect(lines == [3, 3])
            #expect(problems["problems"]?.array?.compactMap { $0["code"]?.string } == ["bad_calling_code", "bad_price"])
            let (_, empty) = try await Fixture.call(client, .get, "/v1/prices")
            #expect(empty["rates"]?.array?.isEmpty == true)
            #expect(empty["imported_at"] == .null)

            let (status, imported) = try await Fixture.call(
                client, .post, "/v1/prices", body: Self.goodCSV, contentType: "text/csv; charset=utf-8")
            #expect(status == .ok)
            #expect(imported["rates"]?.int == 2)
            #expect(imported["imported_by"]?.string == Fixture.actor(Fixture.opsKey))
            let (_, table) = try await Fixture.call(client, .get, "/v1/prices", key: Fixture.waKey)
            let rates = try #require(table["rates"]?.array)
            #expect(rates.compactMap { $0["price"]?.string } == ["0.025", "0.004"])
            #expect(rates.first?["calling_code"]?.string == "1")
            #expect(rates.first?["channel"]?.string == "whatsapp")
            #expect(
                rates.last?["effective_from"]?.string == "2026-10-01T00:00:00.000Z"
                    || rates.last?["effective_from"]?.string == "2026-10-01T00:00:00Z")

            let (_, audit) = try await Fixture.call(client, .get, "/v1/audit")
            #expect(audit["items"]?.array?.first?["action"]?.string == "prices.import")
            // A key scoped to a connection does not see the price table's audit line.
            let (_, scoped) = try await Fixture.call(client, .get, "/v1/audit", key: Fixture.waKey)
            #expect(scoped["items"]?.array?.isEmpty == true)
        }
    }

    @Test("importing prices needs a key scoped to none and a text/csv body")
    func pricesScopeAndType() async throws {
        try await Fixture.gateway().application.test(.live) { client in
            #expect(
                try await Fixture.call(client, .post, "/v1/prices", key: Fixture.waKey, body: Self.goodCSV, contentType: "text/csv").status
                    == .forbidden)
            #expect(
                try await Fixture.call(client, .post, "/v1/prices", key: nil, body: Self.goodCSV, contentType: "text/csv").status
                    == .unauthorized)
            let (status, problem) = try await Fixture.call(client, .post, "/v1/prices", body: Self.goodCSV)
            #expect(status == .unsupportedMediaType)
            #expect(problem["code"]?.string == "unsupported_media_type")
            #expect(try await Fixture.call(client, .get, "/v1/prices", key: nil).status == .unauthorized)
        }
    }

    @Test("the audit list pages newest first and refuses a bad cursor or a target outside the key's scope")
    func auditPaging() async throws {
        try await Fixture.gateway().application.test(.live) { client in
            for cap in 1...3 {
                #expect(try await Fixture.call(client, .put, "/v1/connections/wa/contact_cap", body: #"{"cap": \#(cap)}"#).status == .ok)
            }
            let (_, first) = try await Fixture.call(client, .get, "/v1/audit?limit=2", key: Fixture.waKey)
            #expect(first["items"]?.array?.compactMap { $0["detail"]?["cap"]?.int } == [3, 2])
            let cursor = try #require(first["next_before"]?.int)
            let (_, second) = try await Fixture.call(client, .get, "/v1/audit?limit=2&before=\(cursor)", key: Fixture.waKey)
            #expect(second["items"]?.array?.compactMap { $0["detail"]?["cap"]?.int } == [1])
            #expect(second["next_before"] == nil)
            #expect(try await Fixture.call(client, .get, "/v1/audit?before=x").status == .badRequest)
            #expect(try await Fixture.call(client, .get, "/v1/audit?target=tg", key: Fixture.waKey).status == .forbidden)
        }
    }

    @Test("a template sync of a connection without a business account id is 422 and the catalog stays unknown")
    func templateSyncNotConfigured() async throws {
        try await Fixture.gateway().application.test(.live) { client in
            let (status, problem) = try await Fixture.call(client, .post, "/v1/connections/wa/templates/sync", key: Fixture.waKey)
            #expect(status == .unprocessableContent)
            #expect(problem["code"]?.string == "templates_not_configured")
            let (_, catalog) = try await Fixture.call(client, .get, "/v1/connections/wa/templates", key: Fixture.waKey)
            #expect(catalog["known"]?.bool == false)
            #expect(catalog["items"]?.array?.isEmpty == true)
            #expect(try await Fixture.call(client, .post, "/v1/connections/wa/templates/sync", key: Fixture.otherKey).status == .forbidden)
        }
    }

    @Test("a template sync reads the in-repo mock provider's catalog through libcurl; the account and the audit list show it")
    func templateSyncFromTheMockProvider() async throws {
        let mock = MockProvider(configuration: .init(port: 0))
        _ = try await mock.start()
        let url = try #require(mock.baseURL)
        try await Fixture.gateway(providerURL: url, transport: CurlTransport()).application.test(.live) { client in
            let (status, synced) = try await Fixture.call(client, .post, "/v1/connections/wa/templates/sync", key: Fixture.waKey)
            #expect(status == .ok, "\(synced)")
            #expect(synced["count"]?.int == 6)
            let (_, catalog) = try await Fixture.call(client, .get, "/v1/connections/wa/templates", key: Fixture.waKey)
            #expect(catalog["known"]?.bool == true)
            #expect(catalog["count"]?.int == 6)
            #expect(catalog["approved"]?.int == 4)
            let paused = catalog["items"]?.array?.first { $0["name"]?.string == "winter_sale" }
            #expect(paused?["status"]?.string == "PAUSED")
            #expect(paused?["category"]?.string == "marketing")
            let (_, account) = try await Fixture.call(client, .get, "/v1/connections/wa/account", key: Fixture.waKey)
            #expect(account["templates"]?["synced_at"]?.string == synced["synced_at"]?.string)
            let (_, audit) = try await Fixture.call(client, .get, "/v1/audit?target=wa", key: Fixture.waKey)
            #expect(audit["items"]?.array?.first?["action"]?.string == "templates.sync")
            #expect(audit["items"]?.array?.first?["actor"]?.string == Fixture.actor(Fixture.waKey))
        }
        await mock.shutdown()
    }
}
