import AdapterKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SwitchboardCore
import SwitchboardServer
import SwitchboardStore
import Testing

/// One connection cannot speak for another: the events of a webhook belong to the connection, among those whose
/// secret verifies it, that owns the account the body names (docs/threat-model.md "One connection per business").
@Suite("Webhook events belong to the connection that owns their account")
struct ConnectionOwnershipTests {
    let logger = Logger(label: "test")

    /// A live gateway with these connections on a fresh store; `test` gets its client and store.
    func withGateway(
        _ connections: [ConnectionConfig], _ test: @escaping @Sendable (any TestClientProtocol, any GatewayStore) async throws -> Void
    ) async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let gateway = try buildApplication(
            configuration: OwnershipFixture.configuration(directory: directory, connections: connections), transport: NoTransport(),
            logger: logger)
        let store = gateway.store
        try await gateway.application.test(.live) { client in try await test(client, store) }
    }

    @Test("a body naming B's account signed with A's secret is refused with 401 and quarantined; B's conversation is untouched")
    func anotherAccountIsRefused() async throws {
        let a = OwnershipFixture.meta("a", account: "111", appSecret: "secret-a")
        let b = OwnershipFixture.meta("b", account: "222", appSecret: "secret-b")
        try await withGateway([a, b]) { client, store in
            let forged = OwnershipFixture.whatsApp([(account: "222", id: "wamid.FORGED")])
            let headers = GatewayFixture.signedHeaders(forged, secret: "secret-a")
            for path in ["/webhooks/meta", "/webhooks/meta/a"] {
                let (status, text) = try await OwnershipFixture.post(client, path, headers: headers, body: forged)
                #expect(status == .unauthorized, "\(path)")
                #expect(
                    text == #"account_not_owned: the body names account "222"; no connection whose secret verifies owns it (verified: a)"#)
            }
            #expect(try await store.eventCount() == 0)
            #expect(try await store.conversation("whatsapp:222:\(OwnershipFixture.contact)") == nil)
            let kept = try await store.quarantined(limit: 10)
            #expect(kept.count == 2)
            #expect(kept.allSatisfy { $0.connection == "a" && $0.reason.hasPrefix("account_not_owned: ") })
            #expect(kept.first?.body == forged)

            // A's own account, with A's secret, is A's.
            let own = OwnershipFixture.whatsApp([(account: "111", id: "wamid.OWN")])
            let (status, _) = try await OwnershipFixture.post(
                client, "/webhooks/meta", headers: GatewayFixture.signedHeaders(own, secret: "secret-a"), body: own)
            #expect(status == .ok)
            #expect(
                try await OwnershipFixture.storedConnections(own, contentType: "application/json", decodedFor: a, store: store) == [
                    "wamid.OWN": "a"
                ])
            // The path of B with A's secret verifies for no connection: a plain 401, nothing kept.
            let (wrongPath, _) = try await OwnershipFixture.post(client, "/webhooks/meta/b", headers: headers, body: forged)
            #expect(wrongPath == .unauthorized)
            #expect(try await store.quarantined(limit: 10).count == 2)
        }
    }

    @Test("with one app secret shared by two businesses, each event is credited to the connection that owns its account")
    func sharedSecret() async throws {
        let a = OwnershipFixture.meta("a", account: "111", appSecret: "shared-secret")
        let b = OwnershipFixture.meta("b", account: "222", appSecret: "shared-secret")
        try await withGateway([a, b]) { client, store in
            let both = OwnershipFixture.whatsApp([(account: "111", id: "wamid.A1"), (account: "222", id: "wamid.B1")])
            let onlyB = OwnershipFixture.whatsApp([(account: "222", id: "wamid.B2")])
            for body in [both, onlyB] {
                let (status, _) = try await OwnershipFixture.post(
                    client, "/webhooks/meta", headers: GatewayFixture.signedHeaders(body, secret: "shared-secret"), body: body)
                #expect(status == .ok)
            }
            #expect(
                try await OwnershipFixture.storedConnections(both, contentType: "application/json", decodedFor: a, store: store)
                    == ["wamid.A1": "a", "wamid.B1": "b"])
            #expect(
                try await OwnershipFixture.storedConnections(onlyB, contentType: "application/json", decodedFor: a, store: store)
                    == ["wamid.B2": "b"])
            #expect(try await store.conversation("whatsapp:222:\(OwnershipFixture.contact)")?.lastInboundAt != nil)

            // An account neither owns: refused, with both connections named.
            let stranger = OwnershipFixture.whatsApp([(account: "111", id: "wamid.A3"), (account: "333", id: "wamid.C1")])
            let (status, text) = try await OwnershipFixture.post(
                client, "/webhooks/meta", headers: GatewayFixture.signedHeaders(stranger, secret: "shared-secret"), body: stranger)
            #expect(status == .unauthorized)
            #expect(text.hasSuffix(#"account "333"; no connection whose secret verifies owns it (verified: a, b)"#))
            #expect(try await store.eventCount() == 3)
        }
    }

    @Test("a connection with no configured account owns the accounts no verifying connection with one owns")
    func emptyAccountOwnsTheRest() async throws {
        let catchAll = OwnershipFixture.meta("any", account: "", appSecret: "shared-secret")
        let b = OwnershipFixture.meta("b", account: "222", appSecret: "shared-secret")
        try await withGateway([catchAll, b]) { client, store in
            let body = OwnershipFixture.whatsApp([(account: "999", id: "wamid.X1"), (account: "222", id: "wamid.B1")])
            let (status, _) = try await OwnershipFixture.post(
                client, "/webhooks/meta", headers: GatewayFixture.signedHeaders(body, secret: "shared-secret"), body: body)
            #expect(status == .ok)
            #expect(
                try await OwnershipFixture.storedConnections(body, contentType: "application/json", decodedFor: b, store: store)
                    == ["wamid.X1": "any", "wamid.B1": "b"])
        }
    }

    @Test("the GET handshake accepts any connection's verify token")
    func handshakeOfTheSecondConnection() async throws {
        let a = OwnershipFixture.meta("a", account: "111", appSecret: "secret-a", verifyToken: "verify-a")
        let b = OwnershipFixture.meta("b", account: "222", appSecret: "secret-b", verifyToken: "verify-b")
        try await withGateway([a, b]) { client, _ in
            for token in ["verify-a", "verify-b"] {
                try await client.execute(uri: "/webhooks/meta?hub.mode=subscribe&hub.verify_token=\(token)&hub.challenge=77", method: .get)
                {
                    #expect($0.status == .ok, "\(token)")
                    #expect(String(buffer: $0.body) == "77")
                }
            }
            try await client.execute(uri: "/webhooks/meta?hub.mode=subscribe&hub.verify_token=verify-c&hub.challenge=77", method: .get) {
                #expect($0.status == .forbidden)
            }
        }
    }

    @Test("Twilio: two numbers of one Twilio account get their own messages (one listed in option accounts); another number's is refused")
    func twilioNumbers() async throws {
        func twilio(_ name: String, _ number: String, token: String, options: [String: String] = [:]) -> ConnectionConfig {
            ConnectionConfig(
                name: name, provider: .twilio, channel: .sms, account: number,
                secrets: ["account_sid": "ACtest", "auth_token": Secret(token)], options: options)
        }
        let a = twilio("a", "+15005550006", token: "twilio-shared", options: ["accounts": "+15005550010"])
        let b = twilio("b", "15005550007", token: "twilio-shared")
        let c = twilio("c", "+15005550008", token: "twilio-other")
        let form = "application/x-www-form-urlencoded"
        try await withGateway([a, b, c]) { client, store in
            let toB = OwnershipFixture.twilioSMS(sid: "SM0000000000000000000000000000000B", to: "+15005550007")
            let toA = OwnershipFixture.twilioSMS(sid: "SM0000000000000000000000000000000A", to: "+15005550006")
            let toPool = OwnershipFixture.twilioSMS(sid: "SM0000000000000000000000000000000P", to: "+15005550010")
            for body in [toB, toA, toPool] {
                let headers = OwnershipFixture.signed(body, path: "/webhooks/twilio", contentType: form, connection: a)
                let (status, _) = try await OwnershipFixture.post(client, "/webhooks/twilio", headers: headers, body: body)
                #expect(status == .ok)
            }
            #expect(
                try await OwnershipFixture.storedConnections(toB, contentType: form, decodedFor: a, store: store)
                    == ["SM0000000000000000000000000000000B": "b"])
            #expect(
                try await OwnershipFixture.storedConnections(toA, contentType: form, decodedFor: a, store: store)
                    == ["SM0000000000000000000000000000000A": "a"])
            #expect(
                try await OwnershipFixture.storedConnections(toPool, contentType: form, decodedFor: a, store: store)
                    == ["SM0000000000000000000000000000000P": "a"])

            // C's number, signed with the token A and B share: refused and kept.
            let toC = OwnershipFixture.twilioSMS(sid: "SM0000000000000000000000000000000C", to: "+15005550008")
            let headers = OwnershipFixture.signed(toC, path: "/webhooks/twilio", contentType: form, connection: a)
            let (status, text) = try await OwnershipFixture.post(client, "/webhooks/twilio", headers: headers, body: toC)
            #expect(status == .unauthorized)
            #expect(
                text
                    == #"account_not_owned: the body names account "+15005550008"; no connection whose secret verifies owns it (verified: a, b)"#
            )
            #expect(try await store.eventCount() == 3)
            #expect(try await store.quarantined(limit: 10).map(\.connection) == ["a"])
        }
    }

    @Test("email: a mailbox shared with a catch-all connection gets its own mail, under its configured address")
    func emailMailboxes() async throws {
        let catchAll = ConnectionConfig(name: "all", provider: .email, channel: .email, secrets: ["webhook_token": "mail-token-0001"])
        let sales = ConnectionConfig(
            name: "sales", provider: .email, channel: .email, account: "Sales@Example.com", secrets: ["webhook_token": "mail-token-0001"])
        let contentType = "message/rfc822"
        try await withGateway([catchAll, sales]) { client, store in
            let toSales = OwnershipFixture.email(to: "Sales Team <sales@EXAMPLE.com>", messageID: "m1@customer.example")
            let toOther = OwnershipFixture.email(to: "info@example.com", messageID: "m2@customer.example")
            for body in [toSales, toOther] {
                let (status, _) = try await OwnershipFixture.post(
                    client, "/webhooks/email?token=mail-token-0001", headers: [.contentType: contentType], body: body)
                #expect(status == .ok)
            }
            #expect(
                try await OwnershipFixture.storedConnections(toSales, contentType: contentType, decodedFor: sales, store: store)
                    == ["m1@customer.example": "sales"])
            #expect(
                try await OwnershipFixture.storedConnections(toOther, contentType: contentType, decodedFor: catchAll, store: store)
                    == ["m2@customer.example": "all"])
            #expect(try await store.conversation("email:Sales@Example.com:ann@customer.example")?.lastInboundAt != nil)
        }
    }
}
