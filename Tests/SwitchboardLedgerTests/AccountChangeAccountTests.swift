import SwitchboardCore
import SwitchboardLedger
import Testing

/// Account, portfolio and contact-preference webhooks (docs/providers.md §2.9) and the provider errors worth
/// remembering, derived from the canonical events of the recorded fixtures and of the documented shapes.
@Suite struct AccountChangeAccountTests {
    typealias Support = AccountChangeSupport

    @Test func thePhoneNumberQualityFixtureGivesTheTierAndTheFlag() throws {
        let changes = Support.changes(try Support.fixture("whatsapp-restfb-phoneNumberQualityUpdate.json"), connections: ["a", "b"])
        let at = Support.time("2020-12-17T22:11:02Z")
        #expect(
            changes == [
                .limit(connection: "a", tier: "TIER_10K", quality: "FLAGGED", at: at),
                .limit(connection: "b", tier: "TIER_10K", quality: "FLAGGED", at: at),
            ])
        let status = changes.reduce(AccountStatus()) { $0.applying($1) }
        #expect(status.messagingTier == "TIER_10K")
        #expect(status.quality == "FLAGGED")
        #expect(status.updatedAt == at)
    }

    @Test(
        arguments: [
            ("TIER_250", "TIER_250"), ("TIER_2K", "TIER_2K"), ("TIER_10K", "TIER_10K"), ("TIER_100K", "TIER_100K"),
            ("UNLIMITED", "TIER_UNLIMITED"), ("TIER_UNLIMITED", "TIER_UNLIMITED"), ("tier_2k", "TIER_2K"),
        ])
    func tierNamesAreReadInThePolicysSpelling(name: String, expected: String) throws {
        let events = try Support.webhook(
            field: "phone_number_quality_update",
            value: #"{"display_phone_number":"15550783881","event":"UPGRADE","current_limit":"\#(name)"}"#)
        // UPGRADE changes the tier, not the quality.
        #expect(Support.changes(events) == [.limit(connection: "wa", tier: expected, quality: nil, at: Timestamp(seconds: 1_751_247_548))])
    }

    @Test func thePortfolioLimitWinsOverTheNumbersOwn() throws {
        let events = try Support.webhook(
            field: "phone_number_quality_update",
            value:
                #"{"display_phone_number":"15550783881","event":"UNFLAGGED","current_limit":"TIER_2K","whatsapp_business_manager_messaging_limit":"TIER_10K"}"#
        )
        #expect(
            Support.changes(events) == [
                .limit(connection: "wa", tier: "TIER_10K", quality: "UNFLAGGED", at: Timestamp(seconds: 1_751_247_548))
            ])
    }

    @Test func aCapabilityUpdateGivesThePortfolioTierFromANameOrACount() throws {
        let named = try Support.webhook(
            field: "business_capability_update",
            value:
                #"{"max_daily_conversation_per_phone":1000,"max_phone_numbers_per_business":2,"max_daily_conversations_per_business":"TIER_2K"}"#
        )
        #expect(named.first?.event?.type == "capability_update")
        #expect(Support.changes(named) == [.limit(connection: "wa", tier: "TIER_2K", quality: nil, at: Timestamp(seconds: 1_751_247_548))])

        let counted = try Support.webhook(
            field: "business_capability_update", value: #"{"max_daily_conversation_per_phone":250,"max_phone_numbers_per_business":2}"#)
        #expect(
            Support.changes(counted) == [.limit(connection: "wa", tier: "TIER_250", quality: nil, at: Timestamp(seconds: 1_751_247_548))])

        let unknown = try Support.webhook(field: "business_capability_update", value: #"{"max_phone_numbers_per_business":2}"#)
        #expect(Support.changes(unknown).isEmpty)
    }

    @Test func anAccountRestrictionIsRecordedWithItsExpiryAndAnEmptyListLiftsIt() throws {
        let restricted = try Support.webhook(
            field: "account_update",
            value:
                #"{"event":"ACCOUNT_RESTRICTION","restriction_info":[{"restriction_type":"RESTRICTED_BIZ_INITIATED_MESSAGING","expiration":1751900000}]}"#
        )
        let changes = Support.changes(restricted)
        let expected = AccountStatus.Restriction(type: "RESTRICTED_BIZ_INITIATED_MESSAGING", expiresAt: Timestamp(seconds: 1_751_900_000))
        #expect(changes == [.restrictions(connection: "wa", [expected], at: Timestamp(seconds: 1_751_247_548))])
        var status = changes.reduce(AccountStatus()) { $0.applying($1) }
        #expect(status.activeRestrictions(at: Timestamp(seconds: 1_751_899_999)) == [expected])
        #expect(status.activeRestrictions(at: Timestamp(seconds: 1_751_900_000)).isEmpty)

        let lifted = try Support.webhook(field: "account_update", value: #"{"event":"ACCOUNT_RESTRICTION","restriction_info":[]}"#)
        status = Support.changes(lifted).reduce(status) { $0.applying($1) }
        #expect(status.restrictions.isEmpty)
    }

    @Test func otherAccountUpdatesChangeNothing() throws {
        // The recorded ban schedule: DISABLED_UPDATE with SCHEDULE_FOR_DISABLE is kept as an event only.
        #expect(Support.changes(try Support.fixture("whatsapp-restfb-accountUpdate-banned.json")).isEmpty)
        let violation = try Support.webhook(
            field: "account_update", value: #"{"event":"ACCOUNT_VIOLATION","violation_info":{"violation_type":"SCAM"}}"#)
        #expect(Support.changes(violation).isEmpty)
    }

    /// A failed status webhook carrying `error` (a Graph error object) for contact 16505551234.
    static func failedStatus(error: String) throws -> [CanonicalEvent] {
        try Support.webhook(
            field: "messages",
            value:
                #"{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"statuses":[{"id":"wamid.X1","status":"failed","timestamp":"1751247600","recipient_id":"16505551234","errors":[\#(error)]}]}"#
        )
    }

    @Test func aPaymentErrorOnAStatusIsRecordedOnTheAccount() throws {
        let events = try Self.failedStatus(error: try Support.responseError("wa-131042-payment-issue.json"))
        let changes = Support.changes(events, connections: ["wa"])
        let note = AccountStatus.ProblemNote(
            code: "131042", message: "Message failed to send because there were one or more errors related to your payment method.",
            at: Timestamp(seconds: 1_751_247_600))
        #expect(changes == [.accountProblem(connection: "wa", note)])
        #expect(changes.reduce(AccountStatus()) { $0.applying($1) }.paymentProblem == note)
    }

    @Test(arguments: ["wa-131049-ecosystem-engagement.json", "wa-131050-marketing-opt-out.json"])
    func aMarketingErrorOnAStatusIsRecordedOnTheContact(response: String) throws {
        let events = try Self.failedStatus(error: try Support.responseError(response))
        let changes = Support.changes(events)
        #expect(changes.count == 1)
        guard case .contactProblem(let conversation, let note) = try #require(changes.first) else {
            Issue.record("expected a contact problem, got \(changes)")
            return
        }
        #expect(conversation == "whatsapp:106540352242922:16505551234")
        #expect(response.contains(note.code))
        #expect(ContactFlags().applying(changes[0]).providerProblem == note)
    }

    @Test func otherStatusErrorsChangeNothing() throws {
        #expect(Support.changes(try Support.fixture("whatsapp-restfb-msg-status-errors.json")).isEmpty)
        #expect(Support.changes(try Support.fixture("whatsapp-pywa-message_status-failed.json")).isEmpty)
    }

    /// `user_preferences` with `value` for contact 16505551234 at `time`.
    static func preference(_ value: String, time: Int) throws -> [CanonicalEvent] {
        try Support.webhook(
            field: "user_preferences",
            value:
                #"{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Ana"},"wa_id":"16505551234"}],"user_preferences":[{"wa_id":"16505551234","detail":"User changed marketing preferences","category":"marketing_messages","value":"\#(value)","timestamp":\#(time)}]}"#
        )
    }

    @Test func aMarketingResumeClearsTheOptOutTheStopSet() throws {
        let stop = try Support.fixture("whatsapp-edge-user-preferences-stop.json")
        let resume = try Self.preference("resume", time: 1_731_800_000)
        #expect(stop.map { $0.event?.type } == ["opt_out"])
        #expect(resume.map { $0.event?.type } == ["opt_in"])
        // Preferences change the conversation, not the account.
        #expect(Support.changes(stop + resume).isEmpty)

        let key = try #require(stop.first?.conversation)
        var state = ConversationState(conversation: key, channel: .whatsapp, account: "106540352242922", contact: "16505551234")
        for event in stop { state.apply(event) }
        #expect(state.optedOut)
        for event in resume { state.apply(event) }
        #expect(!state.optedOut)

        // A resume older than the stop (delivered late) does not undo it.
        var late = ConversationState(conversation: key, channel: .whatsapp, account: "106540352242922", contact: "16505551234")
        for event in stop { late.apply(event) }
        for event in try Self.preference("resume", time: 1_731_700_000) { late.apply(event) }
        #expect(late.optedOut)
    }
}
