import AdapterKit
import SwitchboardAdapters
import SwitchboardCore
import SwitchboardServer
import Testing

/// Which account each adapter says a connection owns, and what a kept request's URL and headers lose.
@Suite("Account ownership and the redaction of kept requests")
struct AccountOwnershipTests {
    static func adapter(_ provider: Provider) throws -> any ChannelAdapter {
        try #require(StandardAdapters.registry.adapter(for: provider))
    }

    static func connection(_ provider: Provider, _ account: String, name: String = "c") -> ConnectionConfig {
        ConnectionConfig(name: name, provider: provider, account: account)
    }

    @Test("phone numbers compare by their digits, as each SMS provider writes them; sender ids ignoring case")
    func numbers() throws {
        #expect(AccountMatch.sameNumber("+14155550100", "14155550100"))
        #expect(AccountMatch.sameNumber("+1 (415) 555-0100", "+14155550100"))
        #expect(!AccountMatch.sameNumber("+14155550100", "+14155550101"))
        #expect(AccountMatch.sameNumber("Acme", "ACME"))
        #expect(!AccountMatch.sameNumber("Acme", "12345"))
        #expect(!AccountMatch.sameNumber("", "+"))
        let twilio = try Self.adapter(.twilio)
        #expect(twilio.owns(account: "+14155238886", connection: Self.connection(.twilio, "whatsapp:+14155238886")))
        #expect(twilio.owns(account: "+15005550006", connection: Self.connection(.twilio, "15005550006")))
        #expect(!twilio.owns(account: "+15005550007", connection: Self.connection(.twilio, "+15005550006")))
        #expect(try Self.adapter(.vonage).owns(account: "+14155550100", connection: Self.connection(.vonage, "14155550100")))
        #expect(try Self.adapter(.messagebird).owns(account: "+31612345678", connection: Self.connection(.messagebird, "31612345678")))
    }

    @Test("email compares mailboxes ignoring case and display names; Meta compares ids exactly")
    func mailboxesAndIDs() throws {
        let email = try Self.adapter(.email)
        #expect(email.owns(account: "sales@example.com", connection: Self.connection(.email, "Sales Team <SALES@Example.com>")))
        #expect(!email.owns(account: "info@example.com", connection: Self.connection(.email, "sales@example.com")))
        let meta = try Self.adapter(.meta)
        #expect(meta.owns(account: "106540352242922", connection: Self.connection(.meta, "106540352242922")))
        #expect(!meta.owns(account: "1065403522429220", connection: Self.connection(.meta, "106540352242922")))
    }

    @Test("the owner: a configured account first, then a connection without one; an unnamed account is the first's")
    func owner() throws {
        let meta = try Self.adapter(.meta)
        let a = Self.connection(.meta, "111", name: "a")
        let any = Self.connection(.meta, "", name: "any")
        let b = Self.connection(.meta, "222", name: "b")
        #expect(meta.owner(of: "222", among: [a, any, b])?.name == "b")
        #expect(meta.owner(of: "333", among: [a, any, b])?.name == "any")
        #expect(meta.owner(of: "333", among: [a, b]) == nil)
        #expect(meta.owner(of: "", among: [b, a])?.name == "b")

        // Option `accounts`: more accounts of one connection (a Messaging Service's numbers, a sender id).
        let twilio = try Self.adapter(.twilio)
        var service = Self.connection(.twilio, "+15005550006", name: "service")
        service.options["accounts"] = " 15005550009 , Acme,"
        var listed = Self.connection(.twilio, "", name: "listed")
        listed.options["accounts"] = "+15005550010"
        let rest = Self.connection(.twilio, "", name: "rest")
        #expect(service.additionalAccounts == ["15005550009", "Acme"])
        #expect(twilio.owner(of: "+15005550009", among: [rest, service, listed])?.name == "service")
        #expect(twilio.owner(of: "ACME", among: [rest, service, listed])?.name == "service")
        #expect(twilio.owner(of: "+15005550010", among: [rest, service, listed])?.name == "listed")
        #expect(twilio.owner(of: "+15005550011", among: [rest, service, listed])?.name == "rest")
        #expect(twilio.owner(of: "+15005550011", among: [service, listed]) == nil)
    }

    @Test("URL user info, secret-carrying query parameters and headers are redacted; everything else is kept byte for byte")
    func redaction() {
        let connections = [
            ConnectionConfig(name: "mail", provider: .email, secrets: ["webhook_token": "tok-0123456789"]),
            ConnectionConfig(name: "tg", provider: .telegram, secrets: ["secret_token": "tg"]),
            ConnectionConfig(
                name: "d360", provider: .dialog360, secrets: ["webhook_header_value": "v"], options: ["webhook_header": "X-Partner"]),
        ]
        let redaction = WebhookRedaction(connections: connections, registry: StandardAdapters.registry, secrets: ["api-key-value-1"])
        #expect(
            redaction.url("https://u:p@gw.example/webhooks/email?token=abc&a=%20b&c=tok-0123456789&d=x%2Dtok-0123456789-y&e&sid=tg#f")
                == "https://u:<redacted>@gw.example/webhooks/email?token=<redacted>&a=%20b&c=<redacted>&d=<redacted>&e&sid=<redacted>#f")
        #expect(redaction.url("http://tok@gw.example/x?q=1") == "http://<redacted>@gw.example/x?q=1")
        #expect(redaction.url("http://gw.example/x?access_token=1&q=a@b") == "http://gw.example/x?access_token=<redacted>&q=a@b")
        #expect(redaction.url("http://gw.example/webhooks/telegram") == "http://gw.example/webhooks/telegram")
        let headers = [
            HTTPField(name: "Content-Type", value: "application/json"), HTTPField(name: "X-Partner", value: "wrong"),
            HTTPField(name: "X-Telegram-Bot-Api-Secret-Token", value: "tg"),
            HTTPField(name: "X-Forwarded", value: "Bearer api-key-value-1"),
            HTTPField(name: "X-Short", value: "v"), HTTPField(name: "X-Word", value: "vv"),
        ]
        #expect(redaction.headers(headers).map(\.name) == ["Content-Type", "X-Word"])
    }
}
