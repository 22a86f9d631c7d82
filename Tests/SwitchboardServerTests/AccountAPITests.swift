import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardCore
import SwitchboardServer
import Testing

/// The account and wallet routes through the real HTTP server on a real SQLite file: `GET .../account`,
/// `POST .../balance` (idempotent top-ups, adjustments, the overdraw refusal), `GET .../balance/entries`.
@Suite("Account API: account, balance, entries")
struct AccountAPITests {
    typealias Fixture = AccountAPIFixture

    @Test("the account shows the opened wallet, the messaging limit, the contact cap and an unknown catalog")
    func accountShowsTheLedger() async throws {
        try await Fixture.gateway().application.test(.live) { client in
            let (status, account) = try await Fixture.call(client, .get, "/v1/connections/wa/account", key: Fixture.waKey)
            #expect(status == .ok)
            #expect(account["connection"]?.string == "wa")
            #expect(account["prepaid"]?.bool == true)
            #expect(account["wallet"]?.string == "wa")
            #expect(account["currency"]?.string == "USD")
            #expect(account["balance"]?.string == "1.00")
            #expect(account["held"]?.string == "0.00")
            #expect(account["available"]?.string == "1.00")
            #expect(account["low_threshold"]?.string == "0.50")
            let limit = try #require(account["messaging_limit"])
            #expect(limit["tier"]?.string == "TIER_2K")
            #expect(limit["source"]?.string == "configuration")
            #expect(limit["limit"]?.int == 2000)
            #expect(limit["used"]?.int == 0)
            #expect(limit["left"]?.int == 2000)
            #expect(account["contacts"]?["cap"]?.int == 1000)
            #expect(account["contacts"]?["used"]?.int == 0)
            #expect(account["templates"]?["known"]?.bool == false)
            #expect(account["templates"]?["synced_at"] == .null)
            #expect(account["restrictions"]?.array?.isEmpty == true)

            let (plain, notPrepaid) = try await Fixture.call(client, .get, "/v1/connections/tg/account")
            #expect(plain == .ok)
            #expect(notPrepaid["prepaid"]?.bool == false)
            #expect(notPrepaid["balance"] == nil)
            #expect(notPrepaid["messaging_limit"]?["limit"] == .null)
        }
    }

    @Test("keys: none is 401, one scoped elsewhere 403, an unknown connection 404")
    func scopes() async throws {
        try await Fixture.gateway().application.test(.live) { client in
            for (method, path) in [(HTTPRequest.Method.get, "account"), (.get, "balance/entries"), (.get, "templates")] {
                #expect(try await Fixture.call(client, method, "/v1/connections/wa/\(path)", key: nil).status == .unauthorized)
                #expect(try await Fixture.call(client, method, "/v1/connections/wa/\(path)", key: Fixture.otherKey).status == .forbidden)
                #expect(try await Fixture.call(client, method, "/v1/connections/nowhere/\(path)").status == .notFound)
                #expect(try await Fixture.call(client, method, "/v1/connections/tg/\(path)", key: Fixture.waKey).status == .forbidden)
            }
            let topUp = #"{"amount": "1.00"}"#
            #expect(
                try await Fixture.call(client, .post, "/v1/connections/wa/balance", key: Fixture.otherKey, body: topUp).status == .forbidden
            )
            let (status, _) = try await Fixture.call(client, .get, "/v1/connections/wa/account")
            #expect(status == .ok)
        }
    }

    @Test("a top-up with an Idempotency-Key credits once; a replay answers the same entry; the same key with another amount is 409")
    func idempotentTopUp() async throws {
        try await Fixture.gateway().application.test(.live) { client in
            let uri = "/v1/connections/wa/balance"
            let body = #"{"amount": "10.00", "reason": "invoice 42", "kind": "top_up"}"#
            let (first, credited) = try await Fixture.call(client, .post, uri, key: Fixture.waKey, body: body, idempotencyKey: "top-42")
            #expect(first == .ok)
            #expect(credited["balance"]?.string == "11.00")
            #expect(credited["available"]?.string == "11.00")
            #expect(credited["currency"]?.string == "USD")
            #expect(credited["idempotent_replay"]?.bool == false)
            let entry = try #require(credited["entry"])
            #expect(entry["kind"]?.string == "top_up")
            #expect(entry["amount"]?.string == "10.00")
            #expect(entry["balance_after"]?.string == "11.00")
            #expect(entry["reason"]?.string == "invoice 42")
            #expect(entry["actor"]?.string == Fixture.actor(Fixture.waKey))
            #expect(entry["idempotency_key"]?.string == "top-42")

            let (second, replayed) = try await Fixture.call(client, .post, uri, key: Fixture.waKey, body: body, idempotencyKey: "top-42")
            #expect(second == .ok)
            #expect(replayed["idempotent_replay"]?.bool == true)
            #expect(replayed["entry"]?["sequence"] == entry["sequence"])
            #expect(replayed["balance"]?.string == "11.00")

            let other = #"{"amount": "20.00", "reason": "invoice 42"}"#
            let (conflict, problem) = try await Fixture.call(client, .post, uri, key: Fixture.waKey, body: other, idempotencyKey: "top-42")
            #expect(conflict == .conflict)
            #expect(problem["code"]?.string == "idempotency_key_reused")

            let (_, account) = try await Fixture.call(client, .get, "/v1/connections/wa/account")
            #expect(account["balance"]?.string == "11.00")
        }
    }

    @Test("an adjustment may take money out down to what is available, not one micro more (422 with the numbers)")
    func adjustments() async throws {
        try await Fixture.gateway().application.test(.live) { client in
            let uri = "/v1/connections/wa/balance"
            let (refused, numbers) = try await Fixture.call(client, .post, uri, body: #"{"amount": "-1.000001", "reason": "fix"}"#)
            #expect(refused == .unprocessableContent)
            #expect(numbers["code"]?.string == "would_overdraw")
            #expect(numbers["available"]?.string == "1.00")
            #expect(numbers["amount"]?.string == "-1.000001")
            #expect(numbers["balance"]?.string == "1.00")
            #expect(numbers["held"]?.string == "0.00")
            #expect(numbers["currency"]?.string == "USD")
            #expect(numbers["remedy"]?.string != nil)

            let (applied, adjusted) = try await Fixture.call(client, .post, uri, body: #"{"amount": "-1.00", "reason": "fix"}"#)
            #expect(applied == .ok)
            #expect(adjusted["balance"]?.string == "0.00")
            #expect(adjusted["entry"]?["kind"]?.string == "adjustment")
            #expect(adjusted["entry"]?["actor"]?.string == Fixture.actor(Fixture.opsKey))
            // A positive adjustment is an adjustment, not a top-up, when it says so.
            let (_, up) = try await Fixture.call(client, .post, uri, body: #"{"amount": "0.25", "kind": "adjustment", "reason": "refund"}"#)
            #expect(up["entry"]?["kind"]?.string == "adjustment")
            #expect(up["balance"]?.string == "0.25")
        }
    }

    @Test(
        "bad balance requests are refused before anything is written",
        arguments: [
            (#"{"amount": 10}"#, "invalid_amount"), (#"{"amount": "10.0000001"}"#, "invalid_amount"),
            (#"{"amount": "0"}"#, "invalid_amount"),
            (#"{"amount": "1e3"}"#, "invalid_amount"), (#"{"reason": "x"}"#, "invalid_amount"),
            (#"{"amount": "-5", "kind": "top_up"}"#, "invalid_amount"),
            (#"{"amount": "5", "kind": "gift"}"#, "invalid_kind"), (#"{"amount": "5", "reason": 3}"#, "invalid_reason"),
            ("[1]", "invalid_json"),
            ("not json", "invalid_json"),
        ])
    func badBalanceRequests(body: String, code: String) async throws {
        try await Fixture.gateway().application.test(.live) { client in
            let (status, problem) = try await Fixture.call(client, .post, "/v1/connections/wa/balance", body: body)
            #expect(status == .badRequest)
            #expect(problem["code"]?.string == code)
            let (_, entries) = try await Fixture.call(client, .get, "/v1/connections/wa/balance/entries")
            #expect(entries["items"]?.array?.count == 1)
        }
    }

    @Test("a connection without a wallet, or a currency other than the wallet's, is 422")
    func notPrepaidAndCurrency() async throws {
        try await Fixture.gateway().application.test(.live) { client in
            let (status, problem) = try await Fixture.call(client, .post, "/v1/connections/tg/balance", body: #"{"amount": "1"}"#)
            #expect(status == .unprocessableContent)
            #expect(problem["code"]?.string == "not_prepaid")
            let (mismatch, other) = try await Fixture.call(
                client, .post, "/v1/connections/wa/balance", body: #"{"amount": "1", "currency": "EUR"}"#)
            #expect(mismatch == .unprocessableContent)
            #expect(other["code"]?.string == "currency_mismatch")
            #expect(try await Fixture.call(client, .get, "/v1/connections/tg/balance/entries").status == .unprocessableContent)
        }
    }

    @Test("the history lists every entry newest first, a page at a time; a bad cursor is 400, not ignored")
    func entriesPage() async throws {
        try await Fixture.gateway().application.test(.live) { client in
            for amount in ["1.00", "2.00", "3.00"] {
                let (status, _) = try await Fixture.call(client, .post, "/v1/connections/wa/balance", body: #"{"amount": "\#(amount)"}"#)
                #expect(status == .ok)
            }
            let (status, all) = try await Fixture.call(client, .get, "/v1/connections/wa/balance/entries")
            #expect(status == .ok)
            #expect(all["wallet"]?.string == "wa")
            #expect(all["currency"]?.string == "USD")
            let items = try #require(all["items"]?.array)
            #expect(items.compactMap { $0["kind"]?.string } == ["top_up", "top_up", "top_up", "open"])
            #expect(items.compactMap { $0["balance_after"]?.string } == ["7.00", "4.00", "2.00", "1.00"])
            #expect(items.last?["actor"]?.string == "config")
            #expect(all["next_before"] == nil)

            let (_, first) = try await Fixture.call(client, .get, "/v1/connections/wa/balance/entries?limit=2")
            #expect(first["items"]?.array?.count == 2)
            let cursor = try #require(first["next_before"]?.int)
            let (_, second) = try await Fixture.call(client, .get, "/v1/connections/wa/balance/entries?limit=2&before=\(cursor)")
            #expect(second["items"]?.array?.compactMap { $0["balance_after"]?.string } == ["2.00", "1.00"])

            for query in ["before=abc", "before=-1", "before=0", "limit=0", "limit=501", "limit=x"] {
                let (bad, problem) = try await Fixture.call(client, .get, "/v1/connections/wa/balance/entries?\(query)")
                #expect(bad == .badRequest, "\(query)")
                #expect(problem["code"]?.string?.hasPrefix("invalid_") == true)
            }
        }
    }
}
