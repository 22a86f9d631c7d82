import SwitchboardCore
import SwitchboardLedger
import TestSupport
import Testing

/// Template webhooks (docs/providers.md §2.10) become template updates, derived from the canonical events the
/// WhatsApp decoder gives for the recorded fixtures and for the documented shapes no fixture has.
@Suite struct AccountChangeTemplateTests {
    typealias Support = AccountChangeSupport

    @Test func aRejectedTemplateFixtureGivesItsStatusCategoryAndReasonToEveryConnectionOfTheAccount() throws {
        let events = try Support.fixture("whatsapp-pywa-template_status_update-rejected.json")
        let changes = Support.changes(events, connections: ["wa-1", "wa-2"])
        #expect(changes.map(\.key) == ["wa-1", "wa-2"])
        let update = try #require(Support.templateUpdates(changes).first)
        #expect(update.name == "abandoned_cart")
        #expect(update.language == "en")
        #expect(update.providerID == "1689556908129835")
        #expect(update.status == "REJECTED")
        #expect(update.category == "marketing")
        #expect(update.at == Support.time("2025-06-30T01:39:08Z"))
        #expect(
            update.reason
                == "INVALID_FORMAT: Your template has parameters placed next to each other (like {{1}}{{2}}) without text or punctuation between them."
        )
        let catalog = TemplateCatalog().applying(update)
        let record = try #require(catalog.template(named: "abandoned_cart", language: "en"))
        #expect(!record.isSendable)
        // One webhook makes that template known, not the whole catalog (no listing was read yet).
        #expect(!catalog.isKnown)
    }

    @Test func anApprovedTemplateFixtureWithANullReasonGivesNoReason() throws {
        let changes = Support.changes(try Support.fixture("whatsapp-restfb-messageTemplateStatusUpdate-approved.json"))
        let update = try #require(Support.templateUpdates(changes).first)
        #expect(update.name == "My message template")
        #expect(update.language == "en-US")
        #expect(update.status == "APPROVED")
        #expect(update.reason == nil)
        #expect(update.category == nil)
        #expect(TemplateCatalog().applying(update).template(named: "My message template", language: "en-US")?.isSendable == true)
    }

    static let base =
        #""message_template_id":1689556908129835,"message_template_name":"order_update","message_template_language":"en_US""#

    static func status(_ event: String, extra: String = "") -> String {
        #"{"event":"\#(event)",\#(base),"message_template_category":"UTILITY","reason":"NONE"\#(extra)}"#
    }

    @Test func pausedThenFlaggedThenReinstatedFoldAsMetaMeansThem() throws {
        let paused = try Support.webhook(
            field: "message_template_status_update",
            value: Self.status(
                "PAUSED", extra: #","other_info":{"title":"FIRST_PAUSE","description":"Paused for 3 hours after low quality."}"#),
            time: 1_751_000_000)
        let flagged = try Support.webhook(field: "message_template_status_update", value: Self.status("FLAGGED"), time: 1_751_000_200)
        let reinstated = try Support.webhook(
            field: "message_template_status_update", value: Self.status("REINSTATED"), time: 1_751_000_100)
        let approved = TemplateRecord(
            name: "order_update", language: "en_US", status: "APPROVED", category: "utility", updatedAt: Timestamp(seconds: 1_750_000_000))
        var catalog = TemplateCatalog(templates: [approved], syncedAt: Timestamp(seconds: 1_750_000_000))

        let pauseUpdate = try #require(Support.templateUpdates(Support.changes(paused)).first)
        #expect(pauseUpdate.reason == "Paused for 3 hours after low quality.")
        catalog = catalog.applying(pauseUpdate)
        #expect(catalog.template(named: "order_update", language: "en_US")?.isSendable == false)
        #expect(catalog.template(named: "order_update", language: "en_US")?.status == "PAUSED")

        catalog = catalog.applying(try #require(Support.templateUpdates(Support.changes(reinstated)).first))
        #expect(catalog.template(named: "order_update", language: "en_US")?.status == "APPROVED")

        // A flagged template keeps sending: the flag is a warning about quality, not a stop.
        catalog = catalog.applying(try #require(Support.templateUpdates(Support.changes(flagged)).first))
        #expect(catalog.template(named: "order_update", language: "en_US")?.isSendable == true)
        #expect(catalog.templates.count == 1)
    }

    @Test(arguments: ["DISABLED", "REJECTED", "PAUSED", "PENDING_DELETION"])
    func aStoppingStatusMakesAnApprovedTemplateUnsendable(status: String) throws {
        let events = try Support.webhook(field: "message_template_status_update", value: Self.status(status))
        let update = try #require(Support.templateUpdates(Support.changes(events)).first)
        #expect(update.status == status)
        let approved = TemplateRecord(name: "order_update", language: "en_US", status: "APPROVED", updatedAt: Timestamp(seconds: 0))
        #expect(!TemplateCatalog(templates: [approved]).applying(update).templates[0].isSendable)
    }

    @Test func aQualityUpdateGivesTheNewScoreOnly() throws {
        let events = try Support.webhook(
            field: "message_template_quality_update",
            value: #"{"previous_quality_score":"GREEN","new_quality_score":"YELLOW",\#(Self.base)}"#)
        #expect(events.first?.event?.type == "template_quality")
        let update = try #require(Support.templateUpdates(Support.changes(events)).first)
        #expect(update.quality == "YELLOW")
        #expect(update.status == nil)
        #expect(update.category == nil)
    }

    @Test func aCategoryUpdateGivesTheNewCategoryAndAnAnnouncedOneChangesNothingYet() throws {
        let changed = try Support.webhook(
            field: "template_category_update", value: #"{\#(Self.base),"previous_category":"UTILITY","new_category":"MARKETING"}"#)
        let update = try #require(Support.templateUpdates(Support.changes(changed)).first)
        #expect(update.category == "marketing")
        #expect(update.status == nil)

        let announced = try Support.webhook(
            field: "template_category_update", value: #"{\#(Self.base),"previous_category":"UTILITY","correct_category":"MARKETING"}"#)
        #expect(Support.changes(announced).isEmpty)
    }

    @Test func aTemplateWebhookThroughDialog360GivesTheSameUpdate() throws {
        let body = try FixturePaths.bytes("meta", "whatsapp-pywa-template_status_update-rejected.json")
        let viaMeta = Support.templateUpdates(Support.changes(try Support.events(body)))
        let viaDialog360 = Support.templateUpdates(Support.changes(try Support.events(body, dialog360: true)))
        #expect(!viaMeta.isEmpty)
        #expect(viaMeta == viaDialog360)
    }

    @Test func templateEventsAreAccountLevelAndPreferencesAreNot() throws {
        let template = try Support.fixture("whatsapp-pywa-template_status_update-rejected.json")
        let preferences = try Support.fixture("whatsapp-edge-user-preferences-stop.json")
        #expect(template.allSatisfy(AccountChange.isAccountLevel))
        #expect(template.first?.account == "102290129340398")
        #expect(!preferences.contains(where: AccountChange.isAccountLevel))
    }

    @Test func anEventOfAnotherChannelOrWithoutATimeChangesNothing() throws {
        var event = try #require(try Support.fixture("whatsapp-pywa-template_status_update-rejected.json").first)
        event.timestamp = nil
        #expect(AccountChange.changes(from: event, connections: ["wa"]).isEmpty)
        event.timestamp = Timestamp(seconds: 1_751_247_548)
        event.channel = .messenger
        #expect(AccountChange.changes(from: event, connections: ["wa"]).isEmpty)
    }
}
