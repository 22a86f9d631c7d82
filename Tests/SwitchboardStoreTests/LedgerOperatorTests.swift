import Foundation
import SwitchboardCore
import SwitchboardLedger
import SwitchboardStore
import Testing

/// The operator's actions and the provider's account webhooks on a real SQLite file.
@Suite("Ledger operator actions (SQLite)")
struct LedgerOperatorTests {
    @Test("a credit with an idempotency key: applied once, replayed with the same amount and reason, refused when reused")
    func creditIdempotency() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteEventStore(path: directory.databasePath)
        try await store.openWallets(
            [WalletOpening(id: "w", currency: "EUR", openingBalance: LedgerSamples.usd("1.00"))], at: Timestamp(seconds: 10))
        let topUp = LedgerSamples.usd("5.50")
        let first = try await store.credit(
            wallet: "w", amount: topUp, kind: .topUp, reason: "top-up", actor: "api:k", idempotencyKey: "t-1", at: Timestamp(seconds: 20))
        guard case .applied(let wallet, let entry) = first else { Issue.record("not applied: \(first)"); return }
        #expect(wallet.balance == LedgerSamples.usd("6.50"))
        #expect(entry.balanceAfter == LedgerSamples.usd("6.50"))
        #expect(entry.idempotencyKey == "t-1")

        let replay = try await store.credit(
            wallet: "w", amount: topUp, kind: .topUp, reason: "top-up", actor: "api:k", idempotencyKey: "t-1", at: Timestamp(seconds: 21))
        guard case .replayed(let same, let sameEntry) = replay else { Issue.record("not replayed: \(replay)"); return }
        #expect(same.balance == LedgerSamples.usd("6.50"))
        #expect(sameEntry.sequence == entry.sequence)

        let reused = try await store.credit(
            wallet: "w", amount: LedgerSamples.usd("7.00"), kind: .topUp, reason: "top-up", actor: "api:k", idempotencyKey: "t-1",
            at: Timestamp(seconds: 22))
        #expect(reused == .keyReused(entry))

        let overdraw = try await store.credit(
            wallet: "w", amount: LedgerSamples.usd("-6.51"), kind: .adjustment, reason: "correction", actor: "api:k", idempotencyKey: nil,
            at: Timestamp(seconds: 23))
        #expect(overdraw == .refused(.wouldOverdraw(available: LedgerSamples.usd("6.50"), amount: LedgerSamples.usd("-6.51"))))
        #expect(
            try await store.credit(
                wallet: "nope", amount: topUp, kind: .topUp, reason: "top-up", actor: "api:k", idempotencyKey: nil,
                at: Timestamp(seconds: 24))
                == .unknownWallet)

        let entries = try await store.ledgerEntries(wallet: "w", limit: 10, before: nil)
        #expect(entries.map(\.kind) == [.topUp, .open])
        #expect(try await store.ledgerEntries(wallet: "w", limit: 10, before: entries[0].sequence).map(\.kind) == [.open])
        await store.close()
    }

    @Test("opening wallets again keeps the balance and takes the configured currency and threshold")
    func reopenKeepsBalance() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteEventStore(path: directory.databasePath)
        try await store.openWallets(
            [WalletOpening(id: "w", currency: "USD", openingBalance: LedgerSamples.usd("3.00"))], at: Timestamp(seconds: 1))
        try await store.openWallets(
            [WalletOpening(id: "w", currency: "EUR", openingBalance: LedgerSamples.usd("99.00"), lowThreshold: LedgerSamples.usd("1.00"))],
            at: Timestamp(seconds: 2))
        let wallet = try #require(try await store.wallet("w"))
        #expect(wallet.balance == LedgerSamples.usd("3.00"))
        #expect(wallet.currency == "EUR")
        #expect(wallet.lowThreshold == LedgerSamples.usd("1.00"))
        #expect(try await store.ledgerEntries(wallet: "w", limit: 10, before: nil).count == 1)
        await store.close()
    }

    @Test("a template webhook changes the catalog in the append's transaction, adding a template it did not list")
    func templateWebhook() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteEventStore(path: directory.databasePath)
        try await store.replaceTemplateCatalog(
            connection: "wa",
            templates: [
                TemplateRecord(
                    name: "order_update", language: "en_US", status: "APPROVED", category: "UTILITY", updatedAt: Timestamp(seconds: 5))
            ], syncedAt: Timestamp(seconds: 5), actor: "gateway")
        var event = CanonicalEvent(
            kind: .event, channel: .whatsapp, provider: .meta, account: LedgerSamples.account, timestamp: Timestamp(seconds: 50),
            event: EventDetail(type: "template_status"))
        event.assignID(key: "template-1")
        var plan = InboundPlan(records: [EventRecord(event: event, connection: "wa")], receivedAt: Timestamp(seconds: 60))
        plan.steps[0].accountChanges = [
            .template(
                connection: "wa",
                TemplateUpdate(name: "order_update", language: "en_US", status: "PAUSED", reason: "low quality", at: Timestamp(seconds: 50))
            ),
            .template(
                connection: "wa",
                TemplateUpdate(name: "promo", language: "de", status: "APPROVED", category: "MARKETING", at: Timestamp(seconds: 50))),
            .limit(connection: "wa", tier: "TIER_2K", quality: "YELLOW", at: Timestamp(seconds: 50)),
            .contactProblem(
                conversation: LedgerSamples.conversation("100"),
                AccountStatus.ProblemNote(code: "131049", message: "limit", at: Timestamp(seconds: 50))),
        ]
        _ = try await store.append(plan)
        let catalog = try await store.templateCatalog(connection: "wa")
        #expect(catalog.syncedAt == Timestamp(seconds: 5))
        let paused = try #require(catalog.template(named: "order_update", language: "en_US"))
        #expect(paused.status == "PAUSED")
        #expect(paused.reason == "low quality")
        #expect(paused.category == "utility")
        #expect(catalog.template(named: "promo", language: "de")?.category == "marketing")
        let status = try await store.accountStatus(connection: "wa")
        #expect(status.messagingTier == "TIER_2K")
        #expect(status.quality == "YELLOW")
        #expect(try await store.contactFlags(conversation: LedgerSamples.conversation("100")).providerProblem?.code == "131049")
        // A re-delivered webhook (same event id) changes nothing again.
        var again = plan
        again.steps[0].accountChanges = [.limit(connection: "wa", tier: "TIER_10K", quality: nil, at: Timestamp(seconds: 70))]
        _ = try await store.append(again)
        #expect(try await store.accountStatus(connection: "wa").messagingTier == "TIER_2K")
        await store.close()
    }

    @Test("consent, block, contact cap, price import and template sync are stored and listed in the audit")
    func auditedActions() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteEventStore(path: directory.databasePath)
        let contact = LedgerSamples.conversation("100")
        let consent = ConsentRecord(source: "web_form", evidence: "I agree to receive offers", at: Timestamp(seconds: 3), actor: "api:k")
        try await store.setConsent(conversation: contact, consent: consent, actor: "api:k", at: Timestamp(seconds: 4))
        try await store.setBlocked(conversation: contact, blocked: true, reason: "abuse", actor: "api:k", at: Timestamp(seconds: 5))
        var flags = try await store.contactFlags(conversation: contact)
        #expect(flags.consent == consent)
        #expect(flags.blocked)
        #expect(flags.blockedReason == "abuse")
        try await store.setConsent(conversation: contact, consent: nil, actor: "api:k", at: Timestamp(seconds: 6))
        try await store.setBlocked(conversation: contact, blocked: false, reason: nil, actor: "api:k", at: Timestamp(seconds: 7))
        flags = try await store.contactFlags(conversation: contact)
        #expect(flags.consent == nil)
        #expect(!flags.blocked)

        try await store.setContactCap(connection: "wa", cap: 500, actor: "api:k", at: Timestamp(seconds: 8))
        let status = try await store.accountStatus(connection: "wa")
        #expect(status.contactCap == 500)
        #expect(status.contactCapSet)

        let card = RateCard(rates: [
            RateCard.Rate(
                callingCode: "49", category: "marketing", price: LedgerSamples.usd("0.1365"), currency: "EUR",
                effectiveFrom: Timestamp(seconds: 0)),
            RateCard.Rate(
                callingCode: "*", category: "service", price: LedgerSamples.usd("0.004"), currency: "EUR",
                effectiveFrom: Timestamp(seconds: 1_790_812_800)),
        ])
        try await store.replaceRateCard(card, actor: "api:k", at: Timestamp(seconds: 9))
        let stored = try await store.rateCard()
        #expect(stored.rates == card.rates)
        #expect(stored.importedBy == "api:k")
        #expect(stored.importedAt == Timestamp(seconds: 9))

        try await store.recordTemplateSyncFailure(connection: "wa", error: "HTTP 500", at: Timestamp(seconds: 10))
        #expect(try await store.templateCatalog(connection: "wa").lastSyncError == "HTTP 500")
        #expect(try await store.templateCatalog(connection: "wa").isKnown == false)
        try await store.replaceTemplateCatalog(connection: "wa", templates: [], syncedAt: Timestamp(seconds: 11), actor: "gateway")
        let catalog = try await store.templateCatalog(connection: "wa")
        #expect(catalog.isKnown)
        #expect(catalog.lastSyncError == nil)

        let audit = try await store.auditEntries(target: nil, limit: 20, before: nil)
        #expect(
            audit.map(\.action) == [
                "templates.sync", "prices.import", "contact_cap.set", "unblock", "consent.revoke", "block", "consent.record",
            ])
        #expect(audit[1].detail["rates"]?.int == 2)
        #expect(audit.last?.detail["evidence"]?.string == "I agree to receive offers")
        #expect(try await store.auditEntries(target: contact, limit: 20, before: nil).count == 4)
        #expect(
            try await store.auditEntries(target: nil, limit: 2, before: audit[1].sequence).map(\.action) == ["contact_cap.set", "unblock"])
        await store.close()
    }
}
