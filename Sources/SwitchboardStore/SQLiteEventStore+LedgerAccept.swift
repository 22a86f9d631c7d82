import SwitchboardCore
import SwitchboardLedger
import SwitchboardQueue

/// Accepting a send through the ledger: the snapshot a decision reads, and check and reserve in one step.
///
/// The SQLite writer runs one transaction at a time on one thread, so reading the snapshot, deciding and
/// writing the reservation inside one ``SQLiteWriter/perform(urgent:_:)`` body is atomic: no other accept, outcome
/// or operator action can interleave, and concurrent accepts on one wallet see each other's holds.
extension SQLiteEventStore {
    public func ledgerSnapshot(_ scope: LedgerScope) async throws(StoreError) -> LedgerSnapshot {
        try readers.read { connection throws(StoreError) in
            // One read transaction: every read below sees the same committed state.
            try connection.run("BEGIN")
            defer { try? connection.run("COMMIT") }
            return try Self.readSnapshot(scope, cached: false, connection: connection)
        }
    }

    public func acceptOutbound(
        _ new: NewOutboundMessage, scope: LedgerScope, decide: @escaping @Sendable (LedgerSnapshot) -> AcceptVerdict
    ) async throws(StoreError) -> AcceptOutcome {
        let settings = ledgerSettings.withLock { $0 }
        return try await writer.perform { connection throws(StoreError) -> AcceptOutcome in
            if let existing = try Self.existingOutbound(new, connection: connection) {
                guard case .existing(let record, let sameRequest) = existing else { return .refused(decision: .null) }
                return .existing(record, sameRequest: sameRequest)
            }
            let snapshot = try Self.readSnapshot(scope, cached: true, connection: connection)
            switch decide(snapshot) {
            case .refuse(let decision):
                return .refused(decision: decision)
            case .accept(let decision, let businessInitiated, let reservation):
                return try Self.reserve(
                    new, decision: decision, businessInitiated: businessInitiated, reservation: reservation, scope: scope,
                    snapshot: snapshot, settings: settings, connection: connection)
            }
        }
    }

    /// Writes an accepted message and what it reserves; `.refused` when the wallet no longer covers the hold
    /// (the decision read other data than the wallet holds now: nothing is written).
    private static func reserve(
        _ new: NewOutboundMessage, decision: JSONValue, businessInitiated: Bool, reservation: AcceptReservation, scope: LedgerScope,
        snapshot: LedgerSnapshot, settings: LedgerStoreSettings, connection: SQLiteConnection
    ) throws(StoreError) -> AcceptOutcome {
        var hold = reservation.hold
        hold?.messageID = new.id
        var walletChange: WalletChange?
        if let hold, let walletID = hold.wallet, hold.amount.isPositive {
            let current = snapshot.wallet?.id == walletID ? snapshot.wallet : try loadWallet(walletID, connection: connection)
            guard let wallet = current else { return .refused(decision: balanceChanged(decision, "the wallet \(walletID) does not exist")) }
            do throws(WalletRefusal) {
                walletChange = try wallet.applying(
                    .hold(messageID: new.id, amount: hold.amount, category: hold.category, actor: "api:\(new.apiKeyID)"), at: new.createdAt)
            } catch {
                return .refused(decision: balanceChanged(decision, "the balance changed: \(error)"))
            }
        }
        var message = new
        message.decision = decision
        message.businessInitiated = businessInitiated
        let record = try insertOutbound(message, connection: connection)
        if let walletChange {
            let origin = LedgerNoticeEvent.Origin(connection: new.connection, channel: scope.channel, account: scope.account)
            try save(walletChange, origin: { origin }, subscribers: settings.eventSubscribers, connection: connection)
        }
        if let hold { try insertHold(hold, connection: connection) }
        if let state = reservation.conversation { try saveConversation(state, at: new.createdAt, connection: connection) }
        if reservation.reach {
            let reach = try connection.statement(
                "INSERT INTO reach (portfolio, conversation, at) VALUES (?1, ?2, ?3) "
                    + "ON CONFLICT(portfolio, conversation) DO UPDATE SET at = MAX(at, excluded.at)")
            reach.bind(1, scope.portfolio)
            reach.bind(2, scope.conversation)
            reach.bind(3, new.createdAt.milliseconds)
            try reach.step()
        }
        return .created(record)
    }

    /// The accept decision turned into a refusal by the prepaid balance: the wallet no longer covers the hold.
    static func balanceChanged(_ decision: JSONValue, _ detail: String) -> JSONValue {
        var object = decision.object ?? JSONObject()
        object.set("allowed", .bool(false))
        object.set("code", .string("balance_exhausted"))
        object.set("rule", .string("prepaid_balance"))
        object.set("message", .string("the prepaid balance no longer covers this message (\(detail))"))
        object.set("remedy", .string("top up the balance, or try again once held messages are settled"))
        return .object(object)
    }

    /// Contacts the portfolio ?1 reached since ?3 (one row per contact), and whether ?2 is among them.
    static let reachSQL =
        "SELECT COUNT(*), EXISTS (SELECT 1 FROM reach WHERE portfolio = ?1 AND conversation = ?2 AND at >= ?3) "
        + "FROM reach WHERE portfolio = ?1 AND at >= ?3"

    /// Reads everything a decision needs for `scope`; `cached` takes conversation states from the writer's cache.
    static func readSnapshot(_ scope: LedgerScope, cached: Bool, connection: SQLiteConnection) throws(StoreError) -> LedgerSnapshot {
        var stored = cached ? connection.conversationCache[scope.conversation] : nil
        if stored == nil { stored = try loadConversation(scope.conversation, connection: connection) }
        let conversation =
            stored
            ?? ConversationState(
                conversation: scope.conversation, channel: scope.channel, account: scope.account, contact: scope.contact)
        let account = try loadAccountStatus(scope.connection, connection: connection)
        let known =
            scope.countsContacts || account.hasOperatorCap
            ? try knownContacts(of: scope.conversation, connection: connection) : (count: 0, isKnown: false)
        let reach = try connection.statement(reachSQL)
        reach.bind(1, scope.portfolio)
        reach.bind(2, scope.conversation)
        reach.bind(3, scope.reachSince.milliseconds)
        try reach.step()
        let reached = (Int(reach.int64(0)), reach.int64(1) > 0)
        reach.reset()
        return LedgerSnapshot(
            conversation: conversation, contact: try loadContactFlags(scope.conversation, connection: connection),
            wallet: try scope.wallet.flatMap { id throws(StoreError) in try loadWallet(id, connection: connection) },
            knownContacts: known.count, contactIsKnown: known.isKnown, reachedContacts: reached.0, contactReached: reached.1,
            account: account,
            catalog: try loadCatalog(scope.connection, connection: connection))
    }
}
