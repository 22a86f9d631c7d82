import Logging
import PostgresNIO
import SwitchboardCore
import SwitchboardLedger
import SwitchboardStore

/// Wallet writes inside a transaction: the wallet row is locked, the pure ``WalletState/applying(_:at:)``
/// computes the change, and the store saves the new state, its ledger entry and its notices (canonical `event`s
/// with their deliveries) before the transaction commits.
extension PostgresEventStore {
    /// The wallet, locked until the transaction ends (`FOR UPDATE`), or `nil` when it does not exist.
    static func lockWallet(_ id: String, connection: PostgresConnection, logger: Logger) async throws -> WalletState? {
        let rows = try await connection.query(
            "SELECT \(unescaped: WalletState.postgresColumns) FROM wallets WHERE id = \(id) FOR UPDATE", logger: logger)
        var wallet: WalletState?
        for try await row in rows { wallet = try WalletState(postgresRow: row) }
        return wallet
    }

    /// Locks the wallets, in id order (the first lock of every ledger write; see docs/ledger.md).
    static func lockWallets(_ ids: Set<String>, connection: PostgresConnection, logger: Logger) async throws {
        for id in ids.sorted() { _ = try await lockWallet(id, connection: connection, logger: logger) }
    }

    /// Saves `change` of a locked wallet: the new state, the entry (its stored sequence returned in it) and an
    /// event per notice for the ledger's event subscribers. `origin` names the connection the notices come from
    /// (without one, or without subscribers, a notice is recorded on the wallet only, as on SQLite).
    @discardableResult
    static func save(
        _ change: WalletChange, origin: LedgerNoticeEvent.Origin?, settings: LedgerStoreSettings, connection: PostgresConnection,
        logger: Logger
    ) async throws -> LedgerEntry {
        let (wallet, entry) = (change.wallet, change.entry)
        // One round trip: the wallet's new state and its history line.
        let rows = try await connection.query(
            """
            WITH wallet AS (
                UPDATE wallets SET balance_micros = \(wallet.balance.micros), held_micros = \(wallet.held.micros),
                    low_announced = \(wallet.lowAnnounced), exhausted_announced = \(wallet.exhaustedAnnounced),
                    updated_at = \(wallet.updatedAt.milliseconds)
                WHERE id = \(wallet.id)
            )
            \(unescaped: insertEntrySQL)
            VALUES (\(entry.wallet), \(entry.kind.rawValue), \(entry.amount.micros), \(entry.balanceAfter.micros), \(entry.heldAfter.micros),
                \(entry.reason), \(entry.actor), \(entry.messageID), \(entry.category), \(entry.idempotencyKey), \(entry.at.milliseconds))
            RETURNING seq
            """, logger: logger)
        var stored = entry
        for try await sequence in rows.decode(Int64.self) { stored.sequence = sequence }
        guard let origin, !settings.eventSubscribers.isEmpty else { return stored }
        for notice in change.notices {
            let record = LedgerNoticeEvent.wallet(
                notice, wallet: wallet, entrySequence: stored.sequence, origin: origin, at: stored.at,
                subscribers: settings.eventSubscribers)
            try await insertLedgerEvent(record, at: stored.at, connection: connection, logger: logger)
        }
        return stored
    }

    /// The head of the insert of a ledger entry (its `VALUES` follow).
    static let insertEntrySQL = """
        INSERT INTO ledger_entries (wallet, kind, amount_micros, balance_after, held_after, reason, actor, message_id, category,
            idempotency_key, at)
        """

    /// Stores an event the ledger emits (a wallet notice, a refusal at dispatch) with one delivery per subscriber,
    /// as an append stores a webhook's event. An id already stored is skipped.
    static func insertLedgerEvent(_ record: EventRecord, at: Timestamp, connection: PostgresConnection, logger: Logger) async throws {
        let event = record.event
        let rows = try await connection.query(
            """
            INSERT INTO events (id, conversation, kind, channel, provider, account, connection, provider_message_id,
                                timestamp, received_at, json)
            VALUES (\(event.id), \(event.conversation), \(event.kind.rawValue), \(event.channel.rawValue),
                    \(event.provider.rawValue), \(event.account), \(record.connection), \(event.providerMessageID),
                    \(event.timestamp?.milliseconds), \(at.milliseconds), \(record.json))
            ON CONFLICT (id) DO NOTHING RETURNING seq
            """, logger: logger)
        var sequence: Int64?
        for try await seq in rows.decode(Int64.self) { sequence = seq }
        guard let sequence else { return }
        for subscriber in record.subscribers {
            try await connection.query(
                """
                INSERT INTO deliveries (event_seq, subscriber, conversation, created_at, next_attempt_at)
                VALUES (\(sequence), \(subscriber), \(event.conversation ?? ""), \(at.milliseconds), \(at.milliseconds))
                ON CONFLICT (event_seq, subscriber) DO NOTHING
                """, logger: logger)
        }
    }
}

extension PostgresEventStore {
    /// Where an operator's change to a wallet is announced from: the connection and conversation of the last
    /// message that held money in it (`nil` when none ever did), as on SQLite.
    static func walletOrigin(_ wallet: String, connection: PostgresConnection, logger: Logger) async throws -> LedgerNoticeEvent.Origin? {
        var origin: LedgerNoticeEvent.Origin?
        for try await (name, conversation) in try await connection.query(
            """
            SELECT m.connection, m.conversation FROM ledger_entries e JOIN outbound_messages m ON m.id = e.message_id
            WHERE e.wallet = \(wallet) AND e.message_id IS NOT NULL ORDER BY e.seq DESC LIMIT 1
            """, logger: logger
        ).decode((String, String).self) {
            origin = LedgerNoticeEvent.Origin(connection: name, conversation: conversation)
        }
        return origin
    }
}
