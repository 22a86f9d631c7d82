import Foundation
import SwitchboardCore
import SwitchboardPolicy
import Testing

@Suite("Decision JSON, determinism, rules and SMS segments")
struct DecisionJSONTests {
    @Test("a refusal renders the /v1/messages/check shape as canonical JSON")
    func refusalJSON() {
        let decision = Fx.decide(Fx.text(.whatsapp), Fx.conversation(.whatsapp), now: Fx.at(hours: 27))
        let expected = """
            {"allowed":false,"allowed_now":["template"],"code":"window_closed",\
            "cost":{"category":"service","currency":"USD","free":true,"price":"0.00","reason":"a free-form (service) message outside the 24 h window"},\
            "ledger":{"attachment_quota":{"left":50000000,"limit":50000000,"message":0,"month":"2026-11","used":0},\
            "messaging_limit":{"contact_reached":false,"tier":"TIER_UNLIMITED","used":0}},\
            "message":"the 24 h customer-service window closed 3 h ago (the contact last wrote at 2026-11-10T10:00:00Z); outside it WhatsApp accepts only approved templates",\
            "remedy":"send an approved template","rule":"whatsapp_window",\
            "window":{"closed_at":"2026-11-11T10:00:00Z","kind":"customer_service","last_inbound_at":"2026-11-10T10:00:00Z","open":false}}
            """
        #expect(decision.json.canonicalText == expected)
    }

    @Test("an allowed decision has no code or remedy")
    func allowedJSON() {
        let json = Fx.decide(Fx.text(.email), Fx.conversation(.email), now: Fx.t0).json
        #expect(json["allowed"] == .bool(true))
        #expect(json["code"] == nil && json["remedy"] == nil)
        #expect(json["rule"] == "default")
        #expect(json["window"]?["kind"] == "none")
    }

    @Test("the same inputs give the same decision")
    func deterministic() {
        let a = Fx.decide(Fx.template("spring_sale"), Fx.conversation(.whatsapp), now: Fx.at(days: 1))
        let b = Fx.decide(Fx.template("spring_sale"), Fx.conversation(.whatsapp), now: Fx.at(days: 1))
        #expect(a == b && a.json.canonicalText == b.json.canonicalText)
    }

    @Test("every standard rule has a distinct name")
    func ruleNames() {
        let names = PolicyEngine.standardRules.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(PolicyEngine().rule(named: "prepaid_balance") != nil)
    }

    @Test("an engine without a rule does not apply it")
    func customRules() {
        let engine = PolicyEngine(configuration: .standard, rules: PolicyEngine.standardRules.filter { $0.name != "whatsapp_window" })
        let decision = engine.decide(
            message: Fx.text(.whatsapp), conversation: Fx.conversation(.whatsapp), account: Fx.accountState(), now: Fx.at(days: 3))
        #expect(decision.isAllowed)
    }

    @Test(
        "SMS segments and their price",
        arguments: [
            (String(repeating: "a", count: 160), SMSSegments.Encoding.gsm7, 1), (String(repeating: "a", count: 161), .gsm7, 2),
            (String(repeating: "€", count: 80), .gsm7, 1), (String(repeating: "€", count: 81), .gsm7, 2),
            (String(repeating: "a", count: 69) + "😀", .ucs2, 2), (String(repeating: "ç", count: 70), .ucs2, 1),
        ])
    func smsSegments(text: String, encoding: SMSSegments.Encoding, count: Int) {
        let segments = SMSSegments(text: text)
        #expect(segments.encoding == encoding)
        #expect(segments.count == count)
        let cost = Fx.decide(Fx.text(.sms, text), Fx.conversation(.sms), now: Fx.t0).cost
        #expect(cost.category == .message)
        #expect(cost.price == PriceTable().money(.sms, .message).multiplied(by: count))
    }
}

@Suite("Policy configuration from the config file")
struct PolicyConfigurationTests {
    @Test("keys override the defaults")
    func overrides() throws {
        let json = try JSONParser.parse(
            Array(
                """
                {"service_window_hours": 12, "human_agent_days": 3, "attachment_quota_mb": 10,
                 "messaging_tier_limits": {"TIER_250": 100}, "currency": "EUR", "prices": {"whatsapp.marketing": 0.0613},
                 "attachments": {"whatsapp": {"image": {"max_bytes": 1000}}}}
                """.utf8))
        let configuration = try PolicyConfiguration(json: json)
        #expect(configuration.serviceWindow == .seconds(12 * 3600))
        #expect(configuration.humanAgentWindow == .seconds(3 * 86_400))
        #expect(configuration.monthlyAttachmentQuotaBytes == 10_000_000)
        #expect(configuration.messagingTierLimits[.tier250] == 100)
        #expect(configuration.prices.currency == "EUR")
        #expect(configuration.prices.price(.whatsapp, .marketing) == Decimal(string: "0.0613"))
        let image = configuration.attachmentLimits[.whatsapp]?.rule(for: .image)
        #expect(image?.maxBytes == 1000 && image?.mimeTypes == ["image/jpeg", "image/png"])
        #expect(configuration.attachmentLimits[.whatsapp]?.rule(for: .sticker)?.maxBytes == 500_000)
    }

    @Test("a wrong key or type is refused with its name")
    func errors() throws {
        #expect(throws: SwitchboardError(code: "invalid_config", message: "policy.window_hours is not a policy key")) {
            try PolicyConfiguration(json: ["window_hours": 24])
        }
        #expect(throws: SwitchboardError(code: "invalid_config", message: "policy.require_approved_templates must be true or false")) {
            try PolicyConfiguration(json: ["require_approved_templates": "maybe"])
        }
    }
}
