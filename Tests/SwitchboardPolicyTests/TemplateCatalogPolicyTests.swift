import SwitchboardCore
import SwitchboardLedger
import SwitchboardPolicy
import Testing

@Suite("Template approval from the provider's catalog")
struct TemplateCatalogPolicyTests {
    private func decide(
        _ message: OutboundMessage, catalog: TemplateCatalog, configured: [ApprovedTemplate] = [], now: Timestamp = Fx.at(days: 2),
        configuration: PolicyConfiguration = .standard
    ) -> PolicyDecision {
        PolicyEngine(configuration: configuration).decide(
            message: message, conversation: Fx.conversation(.whatsapp),
            account: AccountState(templates: configured, catalog: catalog), now: now)
    }

    @Test(
        "each catalog status: APPROVED passes, the others are refused with the status and the reason",
        arguments: [
            ("APPROVED", nil), ("PAUSED", "template_paused"), ("DISABLED", "template_disabled"), ("REJECTED", "template_not_approved"),
            ("PENDING", "template_not_approved"), ("IN_APPEAL", "template_not_approved"), ("PENDING_DELETION", "template_not_approved"),
        ] as [(String, String?)])
    func statuses(status: String, code: String?) throws {
        let catalog = Fx.catalog([Fx.record("spring_sale", status: status, reason: status == "APPROVED" ? nil : "LOW_QUALITY")])
        let decision = decide(Fx.template("spring_sale", language: "en_US"), catalog: catalog)
        #expect(decision.refusal?.code == code)
        #expect(decision.ledger.template?.status == status)
        #expect(decision.json["ledger"]?["template"]?["catalog"] == "known")
        if code != nil {
            let refusal = try #require(decision.refusal)
            #expect(refusal.rule == "template_approval")
            #expect(refusal.message.contains(status) && refusal.message.contains("LOW_QUALITY"))
            #expect(decision.allowedNow == ["template"])
        }
    }

    @Test("a known catalog without the template refuses it; with it in another language names the languages")
    func notInCatalog() throws {
        let catalog = Fx.catalog([Fx.record("spring_sale", language: "en_US"), Fx.record("spring_sale", language: "de")])
        let missing = try #require(decide(Fx.template("welcome"), catalog: catalog).refusal)
        #expect(missing.code == "template_not_approved")
        #expect(missing.message == "the template \"welcome\" (en_US) is not in the provider's template catalog (read 2 days 1 h ago)")
        let language = try #require(decide(Fx.template("spring_sale", language: "fr"), catalog: catalog).refusal)
        #expect(language.message == "the provider's template catalog has \"spring_sale\" in de and en_US, not in fr")
        // The configured list does not override a known catalog.
        let configured = [ApprovedTemplate(name: "welcome", category: "utility")]
        #expect(decide(Fx.template("welcome"), catalog: catalog, configured: configured).refusal?.code == "template_not_approved")
        // require_approved_templates: false lets an unlisted template through, but never a paused one.
        var lenient = PolicyConfiguration.standard
        lenient.requireApprovedTemplates = false
        #expect(decide(Fx.template("welcome"), catalog: catalog, configuration: lenient).isAllowed)
        let paused = Fx.catalog([Fx.record("spring_sale", status: "PAUSED")])
        #expect(decide(Fx.template("spring_sale"), catalog: paused, configuration: lenient).refusal?.code == "template_paused")
    }

    @Test("unknown catalog and none configured: the template passes and the decision says the catalog is unknown")
    func unknownCatalog() {
        let decision = decide(Fx.template("anything"), catalog: TemplateCatalog())
        #expect(decision.isAllowed)
        #expect(decision.json["ledger"]?["template"]?["catalog"] == "unknown")
        #expect(decision.json["ledger"]?["template"]?["source"] == "none")
        #expect(decision.json["ledger"]?["template"]?["status"] == nil)
        #expect(decision.cost.category == .marketing)
    }

    @Test("unknown catalog with templates configured: the configured list decides")
    func configuredFallback() {
        let configured = [ApprovedTemplate(name: "order_update", category: "utility", languages: ["en_US"])]
        #expect(decide(Fx.template("welcome"), catalog: TemplateCatalog(), configured: configured).refusal?.code == "template_not_approved")
        let allowed = decide(Fx.template("order_update"), catalog: TemplateCatalog(), configured: configured)
        #expect(allowed.isAllowed)
        #expect(allowed.ledger.template?.status == "APPROVED" && allowed.ledger.template?.source == "configuration")
        // A webhook-reported template alone makes the catalog known.
        let webhook = TemplateCatalog(templates: [Fx.record("order_update", status: "PAUSED")])
        #expect(decide(Fx.template("order_update"), catalog: webhook, configured: configured).refusal?.code == "template_paused")
    }

    @Test("the catalog's category prices the message, over the configured and the stated one")
    func catalogCategoryPrices() {
        let catalog = Fx.catalog([Fx.record("spring_sale", category: "UTILITY")])
        let configured = [ApprovedTemplate(name: "spring_sale", category: "marketing")]
        let decision = decide(Fx.template("spring_sale"), catalog: catalog, configured: configured)
        #expect(decision.cost.category == .utility)
        #expect(decision.cost.price == Fx.money("0.004"))
        #expect(decision.cost.reason.contains("listed as utility in the provider's template catalog"))
        #expect(decision.ledger.template?.category == "utility")
    }

    @Test("a VIDEO header in the catalog is refused by the header rule")
    func catalogHeader() {
        let record = TemplateRecord(
            name: "promo", language: "en_US", status: "APPROVED", category: "marketing", headerFormat: "VIDEO", updatedAt: Fx.t0)
        let decision = decide(Fx.template("promo"), catalog: Fx.catalog([record]))
        #expect(decision.refusal?.code == "template_header_media")
    }
}
