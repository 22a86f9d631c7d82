import SwitchboardCore
import SwitchboardLedger
import SwitchboardQueue
import SwitchboardStore
import TestSupport
import Testing

/// The operator's side of the ledger and the provider's account webhooks, on every store: credits with their
/// idempotency keys, the audit list, and template updates applied in the append's transaction.
@Suite("AccountLedger contract: operator and provider changes")
struct LedgerOperatorContractTests {
    @Test("a credit is applied once per idempotency key; another amount with the key is refused", arguments: StoreBackend.available)
    func creditIdempotency(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await LedgerSamples.open(store, balance: "1.00")
            let ten = Money(decimalString: "10.00")!
            let at = Timestamp(seconds: 100)
            guard
                case .applied(let wallet, let entry) = try await store.credit(
                    wallet: LedgerSamples.wallet, amount: ten, kind: .topUp, reason: "top-up", actor: "api:k", idempotencyKey: "t1", at: at)
            else {
                Issue.record("the first credit must apply")
                return
            }
            #expect(wallet.balance == Money(decimalString: "11.00")! && entry.balanceAfter == wallet.balance && entry.sequence > 0)
            guard
                case .replayed(let same, let first) = try await store.credit(
                    wallet: LedgerSamples.wallet, amount: ten, kind: .topUp, reason: "top-up", actor: "api:k", idempotencyKey: "t1", at: at)
            else {
                Issue.record("the same credit with the same key must replay")
                return
            }
            #expect(same.balance == Money(decimalString: "11.00")! && first == entry)
            guard
                case .keyReused(let original) = try await store.credit(
                    wallet: LedgerSamples.wallet, amount: Money(decimalString: "5.00")!, kind: .topUp, reason: "top-up", actor: "api:k",
                    idempotencyKey: "t1", at: at)
            else {
                Issue.record("another amount with a used key must be refused")
                return
            }
            #expect(original == entry)
            guard
                case .refused(.wouldOverdraw) = try await store.credit(
                    wallet: LedgerSamples.wallet, amount: Money(decimalString: "-20.00")!, kind: .adjustment, reason: "correction",
                    actor: "api:k", idempotencyKey: nil, at: at)
            else {
                Issue.record("a debit beyond the available amount must be refused")
                return
            }
            guard
                case .unknownWallet = try await store.credit(
                    wallet: "nope", amount: ten, kind: .topUp, reason: "top-up", actor: "api:k", idempotencyKey: nil, at: at)
            else {
                Issue.record("an unknown wallet must say so")
                return
            }
            #expect(try await LedgerSamples.entryKinds(store) == [.topUp, .open])
            #expect(try await store.wallet(LedgerSamples.wallet)?.balance == Money(decimalString: "11.00")!)
            // Opening again (a restart) keeps the balance.
            try await LedgerSamples.open(store, balance: "1.00")
            #expect(try await store.wallet(LedgerSamples.wallet)?.balance == Money(decimalString: "11.00")!)
        }
    }

    @Test("concurrent credits with one idempotency key apply once", arguments: StoreBackend.available)
    func concurrentCredits(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await LedgerSamples.open(store, balance: "0.00")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        _ = try await store.credit(
                            wallet: LedgerSamples.wallet, amount: Money(decimalString: "2.50")!, kind: .topUp, reason: "top-up",
                            actor: "api:k", idempotencyKey: "same", at: Timestamp(seconds: 5))
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await store.wallet(LedgerSamples.wallet)?.balance == Money(decimalString: "2.50")!)
        }
    }

    @Test("operator actions leave audit lines, newest first, and change what the next decision reads", arguments: StoreBackend.available)
    func auditList(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let conversation = OutboundSamples.conversation("100")
            let at = Timestamp(seconds: 1_714_564_800)
            try await store.setConsent(
                conversation: conversation, consent: ConsentRecord(source: "web_form", evidence: "I agree", at: at, actor: "api:k"),
                actor: "api:k", at: at)
            try await store.setBlocked(conversation: conversation, blocked: true, reason: "abuse", actor: "api:k", at: at)
            try await store.setContactCap(connection: "wa", cap: 500, actor: "api:k", at: at)
            let rate = RateCard.Rate(
                callingCode: "44", category: "marketing", price: Money(decimalString: "0.0705")!, currency: "USD", effectiveFrom: at)
            try await store.replaceRateCard(RateCard(rates: [rate]), actor: "api:k", at: at)
            try await store.replaceTemplateCatalog(
                connection: "wa",
                templates: [TemplateRecord(name: "promo", language: "en", status: "APPROVED", category: "MARKETING", updatedAt: at)],
                syncedAt: at, actor: "api:k")
            try await store.setConsent(conversation: conversation, consent: nil, actor: "api:k", at: at)

            let audit = try await store.auditEntries(target: nil, limit: 10, before: nil)
            #expect(
                audit.map(\.action) == ["consent.revoke", "templates.sync", "prices.import", "contact_cap.set", "block", "consent.record"])
            #expect(audit.allSatisfy { $0.actor == "api:k" && $0.at == at })
            #expect(audit.map(\.sequence) == audit.map(\.sequence).sorted(by: >))
            #expect(
                try await store.auditEntries(target: conversation, limit: 10, before: nil).map(\.action) == [
                    "consent.revoke", "block", "consent.record",
                ])
            let page = try await store.auditEntries(target: nil, limit: 2, before: audit[1].sequence)
            #expect(page.map(\.action) == ["prices.import", "contact_cap.set"])
            #expect(audit.last?.detail["source"] == "web_form" && audit[4].detail["reason"] == "abuse")

            let flags = try await store.contactFlags(conversation: conversation)
            #expect(flags.blocked && flags.blockedReason == "abuse" && flags.consent == nil)
            #expect(try await store.accountStatus(connection: "wa").contactCap == 500)
            let card = try await store.rateCard()
            #expect(card.rates == [rate] && card.importedBy == "api:k")
            let snapshot = try await store.ledgerSnapshot(LedgerSamples.scope("100"))
            #expect(snapshot.contact.blocked && snapshot.account.contactCap == 500)
            #expect(snapshot.catalog.isKnown && snapshot.catalog.template(named: "promo", language: "en")?.category == "marketing")
        }
    }

    @Test("template updates reported by a webhook change the catalog in the append's transaction", arguments: StoreBackend.available)
    func templateUpdatesFromAppend(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let synced = Timestamp(seconds: 1_714_564_800)
            try await store.replaceTemplateCatalog(
                connection: "wa", templates: [TemplateRecord(name: "promo", language: "en", status: "APPROVED", updatedAt: synced)],
                syncedAt: synced, actor: "scheduler")
            var event = CanonicalEvent(
                kind: .event, channel: .whatsapp, provider: .meta, account: "waba-1", timestamp: Timestamp(seconds: 1_714_564_860),
                event: EventDetail(type: "template_status", attributes: JSONObject()))
            event.assignID(key: "template-promo-paused")
            var plan = InboundPlan(records: [EventRecord(event: event, connection: "wa")], receivedAt: Timestamp(seconds: 1_714_564_861))
            let paused = TemplateUpdate(
                name: "promo", language: "en", status: "PAUSED", reason: "low quality", at: Timestamp(seconds: 1_714_564_860))
            let added = TemplateUpdate(
                name: "welcome", language: "es", status: "APPROVED", category: "UTILITY", at: Timestamp(seconds: 1_714_564_860))
            let limit = AccountChange.limit(connection: "wa", tier: "TIER_10K", quality: "GREEN", at: Timestamp(seconds: 1_714_564_860))
            plan.steps[0].accountChanges = [.template(connection: "wa", paused), .template(connection: "wa", added), limit]
            _ = try await store.append(plan)
            let catalog = try await store.templateCatalog(connection: "wa")
            #expect(catalog.syncedAt == synced)
            let promo = try #require(catalog.template(named: "promo", language: "en"))
            #expect(promo.status == "PAUSED" && promo.reason == "low quality" && !promo.isSendable)
            #expect(catalog.template(named: "welcome", language: "es")?.category == "utility")
            #expect(try await store.accountStatus(connection: "wa").messagingTier == "TIER_10K")
            // A re-delivered webhook changes nothing more (its event is a duplicate).
            plan.steps[0].accountChanges = [
                .template(connection: "wa", TemplateUpdate(name: "promo", language: "en", status: "APPROVED", at: synced))
            ]
            _ = try await store.append(plan)
            #expect(try await store.templateCatalog(connection: "wa").template(named: "promo", language: "en")?.status == "PAUSED")
        }
    }
}
