import SwitchboardCore
import SwitchboardLedger
import SwitchboardQueue

/// PLACEHOLDER while the ledger is being built: every call fails. Replaced by the real implementation.
extension SQLiteEventStore: AccountLedger {
    static var ledgerPending: StoreError { StoreError(code: .closed, message: "the account ledger is not built yet") }

    public func configureLedger(_ settings: LedgerStoreSettings) {}
    public func openWallets(_ wallets: [WalletOpening], at: Timestamp) async throws(StoreError) { throw Self.ledgerPending }
    public func ledgerSnapshot(_ scope: LedgerScope) async throws(StoreError) -> LedgerSnapshot { throw Self.ledgerPending }
    public func acceptOutbound(
        _ new: NewOutboundMessage, scope: LedgerScope, decide: @escaping @Sendable (LedgerSnapshot) -> AcceptVerdict
    ) async throws(StoreError) -> AcceptOutcome { throw Self.ledgerPending }
    public func wallet(_ id: String) async throws(StoreError) -> WalletState? { throw Self.ledgerPending }
    public func ledgerEntries(wallet: String, limit: Int, before: Int64?) async throws(StoreError) -> [LedgerEntry] {
        throw Self.ledgerPending
    }
    public func credit(
        wallet: String, amount: Money, kind: LedgerEntryKind, reason: String, actor: String, idempotencyKey: String?, at: Timestamp
    ) async throws(StoreError) -> CreditOutcome { throw Self.ledgerPending }
    public func hold(messageID: String) async throws(StoreError) -> HoldRecord? { throw Self.ledgerPending }
    public func accountStatus(connection: String) async throws(StoreError) -> AccountStatus { throw Self.ledgerPending }
    public func templateCatalog(connection: String) async throws(StoreError) -> TemplateCatalog { throw Self.ledgerPending }
    public func replaceTemplateCatalog(connection: String, templates: [TemplateRecord], syncedAt: Timestamp, actor: String)
        async throws(StoreError)
    { throw Self.ledgerPending }
    public func recordTemplateSyncFailure(connection: String, error: String, at: Timestamp) async throws(StoreError) {
        throw Self.ledgerPending
    }
    public func contactFlags(conversation: String) async throws(StoreError) -> ContactFlags { throw Self.ledgerPending }
    public func setConsent(conversation: String, consent: ConsentRecord?, actor: String, at: Timestamp) async throws(StoreError) {
        throw Self.ledgerPending
    }
    public func setBlocked(conversation: String, blocked: Bool, reason: String?, actor: String, at: Timestamp) async throws(StoreError) {
        throw Self.ledgerPending
    }
    public func setContactCap(connection: String, cap: Int?, actor: String, at: Timestamp) async throws(StoreError) {
        throw Self.ledgerPending
    }
    public func rateCard() async throws(StoreError) -> RateCard { throw Self.ledgerPending }
    public func replaceRateCard(_ card: RateCard, actor: String, at: Timestamp) async throws(StoreError) { throw Self.ledgerPending }
    public func auditEntries(target: String?, limit: Int, before: Int64?) async throws(StoreError) -> [AuditEntry] {
        throw Self.ledgerPending
    }
}
