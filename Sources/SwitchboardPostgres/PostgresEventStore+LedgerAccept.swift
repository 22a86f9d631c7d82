import Logging
import PostgresNIO
import SwitchboardCore
import SwitchboardLedger
import SwitchboardQueue
import SwitchboardStore

/// Accepting a send through the ledger on PostgreSQL: check and reserve in one transaction, on any number of
/// nodes (docs/ledger.md, "PostgreSQL").
///
/// Lock order, the same in every ledger write so that two never wait for each other in a cycle: the wallet rows
/// (`FOR UPDATE`, in id order), the portfolio's reach (`switchboard.reach:<portfolio>`, a transaction advisory
/// lock), the conversation's send order (`switchboard.outbound_conversation:<key>`, as ``enqueueOutbound(_:)``
/// takes it), the conversation rows, then the provider message ids and the messages.
extension PostgresEventStore {
    public func ledgerSnapshot(_ scope: LedgerScope) async throws(StoreError) -> LedgerSnapshot {
        let logger = self.logger
        // One REPEATABLE READ transaction: every read sees the same committed state, and nothing is locked.
        return try await transaction("ledgerSnapshot") { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            var conversation: ConversationState?
            for try await row in try await connection.query(
                "SELECT \(unescaped: ConversationState.postgresColumns) FROM conversations WHERE key = \(scope.conversation)",
                logger: logger)
            {
                conversation = try ConversationState(postgresRow: row)
            }
            let wallet = try await Self.readWallet(scope.wallet, lock: false, connection: connection, logger: logger)
            return try await Self.readSnapshot(scope, conversation: conversation, wallet: wallet, connection: connection, logger: logger)
        }
    }

    public func acceptOutbound(
        _ new: NewOutboundMessage, scope: LedgerScope, decide: @escaping @Sendable (LedgerSnapshot) -> AcceptVerdict
    ) async throws(StoreError) -> AcceptOutcome {
        let (logger, settings) = (self.logger, ledgerSettings.withLock { $0 })
        let (outcome, noticed) = try await transaction("acceptOutbound") { connection -> (AcceptOutcome, Bool) in
            let wallet = try await Self.readWallet(scope.wallet, lock: true, connection: connection, logger: logger)
            let (reach, order) = ("switchboard.reach:\(scope.portfolio)", "switchboard.outbound_conversation:\(new.conversation)")
            try await connection.query(
                "SELECT pg_advisory_xact_lock(hashtextextended(\(reach), 0)), pg_advisory_xact_lock(hashtextextended(\(order), 0))",
                logger: logger)
            if let existing = try await Self.existingMessage(new, connection: connection, logger: logger) { return (existing, false) }
            // The conversation row is locked too: an append changing it meanwhile would be overwritten by the
            // reservation's state. A new conversation's row is created first, inside a savepoint that a refusal
            // rolls back (a refused contact must not become known to the contact cap).
            var conversation = try await Self.lockConversation(scope.conversation, connection: connection, logger: logger)
            var created = false
            if conversation == nil {
                try await connection.query("SAVEPOINT accept_seed", logger: logger)
                try await connection.query(
                    """
                    INSERT INTO conversations (key, channel, account, contact, updated_at)
                    VALUES (\(scope.conversation), \(scope.channel.rawValue), \(scope.account), \(scope.contact), \(new.createdAt.milliseconds))
                    ON CONFLICT (key) DO NOTHING
                    """, logger: logger)
                conversation = try await Self.lockConversation(scope.conversation, connection: connection, logger: logger)
                created = true
            }
            let snapshot = try await Self.readSnapshot(
                scope, conversation: conversation, wallet: wallet, connection: connection, logger: logger)
            switch decide(snapshot) {
            case .refuse(let decision):
                if created { try await connection.query("ROLLBACK TO SAVEPOINT accept_seed", logger: logger) }
                return (.refused(decision: decision), false)
            case .accept(let decision, let businessInitiated, let reservation):
                if created, reservation.conversation == nil {
                    // Nothing of the send goes into the new row: the conversation stays unknown, as on SQLite.
                    try await connection.query("DELETE FROM conversations WHERE key = \(scope.conversation)", logger: logger)
                }
                var message = new
                message.decision = decision
                message.businessInitiated = businessInitiated
                return try await Self.reserve(
                    message, reservation: reservation, scope: scope, wallet: wallet, settings: settings, connection: connection,
                    logger: logger)
            }
        }
        if case .created = outcome { notifier.markChanged(outbound: true) }
        if noticed {
            changes.signal()
            notifier.markChanged(events: true)
        }
        return outcome
    }

    /// Writes an accepted message and what it reserves: the message with its first history line, the wallet's hold
    /// entry (and notices), the hold, the conversation's new state and the reach. `true` beside the outcome when
    /// notices were stored.
    private static func reserve(
        _ message: NewOutboundMessage, reservation: AcceptReservation, scope: LedgerScope, wallet: WalletState?,
        settings: LedgerStoreSettings, connection: PostgresConnection, logger: Logger
    ) async throws -> (AcceptOutcome, Bool) {
        guard let sequence = try await insertMessage(message, connection: connection, logger: logger) else {
            // Another accept with this idempotency key, to another conversation, committed meanwhile.
            guard let existing = try await existingMessage(message, connection: connection, logger: logger) else {
                throw StoreError(code: .postgres, message: "acceptOutbound: the conflicting message vanished")
            }
            return (existing, false)
        }
        var noticed = false
        if var hold = reservation.hold {
            hold.messageID = message.id
            if let walletID = hold.wallet, hold.amount.isPositive {
                let current = wallet?.id == walletID ? wallet : try await lockWallet(walletID, connection: connection, logger: logger)
                guard let current else { throw StoreError(code: .postgres, message: "acceptOutbound: no wallet \(walletID)") }
                // The wallet was locked before the decision read it: a decision that holds more than it covers is a bug.
                let change = try current.applying(
                    .hold(messageID: message.id, amount: hold.amount, category: hold.category, actor: "api:\(message.apiKeyID)"),
                    at: message.createdAt)
                let origin = LedgerNoticeEvent.Origin(connection: message.connection, channel: scope.channel, account: scope.account)
                try await save(change, origin: origin, settings: settings, connection: connection, logger: logger)
                noticed = !change.notices.isEmpty
            }
            try await connection.query(
                """
                INSERT INTO holds (\(unescaped: HoldRecord.postgresColumns))
                VALUES (\(hold.messageID), \(hold.wallet), \(hold.amount.micros), \(hold.category), \(LedgerStoredJSON.ratesText(hold.rates)),
                    \(hold.settlesOn.rawValue), \(hold.state.rawValue), \(hold.attachmentBytes), \(hold.attachmentMonth), \(hold.conversation),
                    \(hold.createdAt.milliseconds))
                """, logger: logger)
        }
        if let state = reservation.conversation {
            try await connection.query(state.postgresUpdate(updatedAt: message.createdAt), logger: logger)
        }
        if reservation.reach {
            try await connection.query(
                "INSERT INTO reach (portfolio, conversation, at) VALUES (\(scope.portfolio), \(scope.conversation), \(message.createdAt.milliseconds))",
                logger: logger)
        }
        return (.created(message.record(sequence: sequence)), noticed)
    }

    /// The message this API key already queued with the new message's idempotency key, or `nil`.
    private static func existingMessage(_ new: NewOutboundMessage, connection: PostgresConnection, logger: Logger) async throws
        -> AcceptOutcome?
    {
        guard let key = new.idempotencyKey else { return nil }
        var found: AcceptOutcome?
        for try await row in try await connection.query(keyedMessageQuery(apiKeyID: new.apiKeyID, idempotencyKey: key), logger: logger) {
            let (record, hash) = try keyedMessage(row)
            found = .existing(record, sameRequest: hash == new.requestHash)
        }
        return found
    }

    /// The conversation's state, locked until the transaction ends, or `nil` when none is stored.
    static func lockConversation(_ key: String, connection: PostgresConnection, logger: Logger) async throws -> ConversationState? {
        var state: ConversationState?
        for try await row in try await connection.query(
            "SELECT \(unescaped: ConversationState.postgresColumns) FROM conversations WHERE key = \(key) FOR UPDATE", logger: logger)
        {
            state = try ConversationState(postgresRow: row)
        }
        return state
    }

    /// The wallet `id` names (locked when `lock`), or `nil`.
    static func readWallet(_ id: String?, lock: Bool, connection: PostgresConnection, logger: Logger) async throws -> WalletState? {
        guard let id else { return nil }
        if lock { return try await lockWallet(id, connection: connection, logger: logger) }
        var wallet: WalletState?
        for try await row in try await connection.query(
            "SELECT \(unescaped: WalletState.postgresColumns) FROM wallets WHERE id = \(id)", logger: logger)
        {
            wallet = try WalletState(postgresRow: row)
        }
        return wallet
    }
}
