import Logging
import PostgresNIO
import SwitchboardCore
import SwitchboardQueue
import SwitchboardStore

/// The send queue on PostgreSQL: enqueue (idempotent per API key) and the reads of the agent API and the
/// metrics. Claims and transitions are in `PostgresEventStore+OutboundClaims.swift`.
extension PostgresEventStore {
    /// Queues a message, or returns the message this API key already queued with the same idempotency key.
    ///
    /// Concurrent identical requests, on any nodes, store one message: the insert skips a conflicting
    /// (API key, idempotency key) and the message that won is read back. Enqueues to one conversation
    /// take a lock on it (a transaction-scoped advisory lock), so its messages' storage order is their
    /// commit order: a message is never queued behind one that becomes visible later.
    public func enqueueOutbound(_ new: NewOutboundMessage) async throws(StoreError) -> EnqueueOutcome {
        let logger = self.logger
        let outcome = try await transaction("enqueueOutbound") { connection -> EnqueueOutcome in
            let lock = "switchboard.outbound_conversation:\(new.conversation)"
            try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\(lock), 0))", logger: logger)
            let sequence = try await Self.insertMessage(new, connection: connection, logger: logger)
            guard let sequence else {
                let rows = try await connection.query(
                    Self.keyedMessageQuery(apiKeyID: new.apiKeyID, idempotencyKey: new.idempotencyKey), logger: logger)
                for try await row in rows {
                    let (record, hash) = try Self.keyedMessage(row)
                    return .existing(record, sameRequest: hash == new.requestHash)
                }
                throw StoreError(code: .postgres, message: "enqueueOutbound: the conflicting message vanished")
            }
            return .created(new.record(sequence: sequence))
        }
        if case .created = outcome { notifier.markChanged(outbound: true) }
        return outcome
    }

    /// Inserts a new message with its first history line (the one statement of ``enqueueOutbound(_:)`` and
    /// ``acceptOutbound(_:scope:decide:)``); its storage order, or `nil` (and nothing inserted) when the API key
    /// already used its idempotency key.
    static func insertMessage(_ new: NewOutboundMessage, connection: PostgresConnection, logger: Logger) async throws -> Int64? {
        let (created, history) = (new.createdAt.milliseconds, new.historyEntry)
        var sequence: Int64?
        for try await seq in try await connection.query(
            """
            WITH message AS (
                INSERT INTO outbound_messages (id, connection, conversation, recipient, api_key_id, idempotency_key, request_hash,
                    state, delivery_status, next_attempt_at, business_initiated, request, decision, created_at, updated_at)
                VALUES (\(new.id), \(new.connection), \(new.conversation), \(new.recipient), \(new.apiKeyID), \(new.idempotencyKey),
                    \(new.requestHash), \(new.initialState.rawValue), \(new.initialDeliveryStatus.rawValue), \(new.firstAttemptAt.milliseconds),
                    \(new.businessInitiated), \(new.message.documentText), \(new.decision.documentText), \(created), \(created))
                ON CONFLICT (api_key_id, idempotency_key) DO NOTHING
                RETURNING seq, id
            ), history AS (
                INSERT INTO outbound_history (message_id, status, at, provider_message_id, error_code, message, detail)
                SELECT id, \(history.status), \(history.at.milliseconds), \(history.providerMessageID), \(history.errorCode),
                    \(history.message), \(history.detail)
                FROM message
            )
            SELECT seq FROM message
            """, logger: logger
        ).decode(Int64.self) {
            sequence = seq
        }
        return sequence
    }

    /// The message with `id`, or `nil`.
    public func outboundMessage(id: String) async throws(StoreError) -> OutboundRecord? {
        let rows = try await fetch(
            "SELECT \(unescaped: OutboundRecord.postgresColumns) FROM outbound_messages WHERE id = \(id)", doing: "outboundMessage")
        return try decode("outboundMessage") { try rows.first.map { try OutboundRecord(postgresRow: $0) } }
    }

    /// The message an API key queued with an idempotency key, with its request hash, or `nil`.
    public func outboundMessage(apiKeyID: String, idempotencyKey: String) async throws(StoreError) -> (OutboundRecord, String)? {
        let rows = try await fetch(Self.keyedMessageQuery(apiKeyID: apiKeyID, idempotencyKey: idempotencyKey), doing: "outboundMessage")
        return try decode("outboundMessage") { try rows.first.map(Self.keyedMessage) }
    }

    /// The message an API key queued with an idempotency key, and its request hash (read by ``keyedMessage(_:)``).
    static func keyedMessageQuery(apiKeyID: String, idempotencyKey: String?) -> PostgresQuery {
        """
        SELECT \(unescaped: OutboundRecord.postgresColumns), request_hash FROM outbound_messages
        WHERE api_key_id = \(apiKeyID) AND idempotency_key = \(idempotencyKey)
        """
    }

    /// A row of ``keyedMessageQuery(apiKeyID:idempotencyKey:)``: the record, and the request hash after its columns.
    static func keyedMessage(_ row: PostgresRow) throws -> (OutboundRecord, String) {
        (try OutboundRecord(postgresRow: row), try row.makeRandomAccess()[OutboundRecord.postgresColumnCount].decode(String.self))
    }

    /// The status history of a message, oldest first.
    public func outboundHistory(id: String) async throws(StoreError) -> [OutboundHistoryEntry] {
        let rows = try await fetch(
            """
            SELECT status, at, provider_message_id, error_code, message, detail FROM outbound_history
            WHERE message_id = \(id) ORDER BY id
            """, doing: "outboundHistory")
        return try decode("outboundHistory") {
            try rows.map { row in
                let (status, at, providerID, errorCode, message, detail) = try row.decode(
                    (String, Int64, String?, String?, String?, String?).self)
                return OutboundHistoryEntry(
                    status: status, at: Timestamp(milliseconds: at), providerMessageID: providerID, errorCode: errorCode, message: message,
                    detail: detail)
            }
        }
    }

    public func outbound(inState state: OutboundQueueState, limit: Int) async throws(StoreError) -> [OutboundRecord] {
        let rows = try await fetch(
            "SELECT \(unescaped: OutboundRecord.postgresColumns) FROM outbound_messages WHERE state = \(state.rawValue) ORDER BY seq LIMIT \(limit)",
            doing: "outbound(inState:)")
        return try decode("outbound(inState:)") { try rows.map { try OutboundRecord(postgresRow: $0) } }
    }

    /// What the store knows about the contacts of the account behind `conversation` (`channel:account:contact`).
    ///
    /// The account's conversations are the byte range [`channel:account:`, `channel:account;`), compared in
    /// the `"C"` collation (the database's own may not order `:` before `;`, or may ignore punctuation), so
    /// both counts walk the byte-ordered indexes over that account only.
    public func outboundAccountFacts(conversation: String, since: Timestamp) async throws(StoreError) -> OutboundAccountFacts {
        let parts = conversation.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        let prefix = parts.count == 3 ? "\(parts[0]):\(parts[1]):" : conversation
        let upper = prefix.hasSuffix(":") ? String(prefix.dropLast()) + ";" : prefix + "\u{10FFFF}"
        let rows = try await fetch(
            """
            SELECT
              (SELECT COUNT(*) FROM (
                 SELECT key AS k FROM conversations WHERE key COLLATE "C" >= \(prefix) AND key COLLATE "C" < \(upper)
                 UNION SELECT conversation FROM outbound_messages
                 WHERE conversation COLLATE "C" >= \(prefix) AND conversation COLLATE "C" < \(upper)) known),
              (EXISTS (SELECT 1 FROM conversations WHERE key = \(conversation))
                 OR EXISTS (SELECT 1 FROM outbound_messages WHERE conversation COLLATE "C" = \(conversation))),
              (SELECT COUNT(DISTINCT conversation) FROM outbound_messages
                 WHERE business_initiated AND created_at >= \(since.milliseconds) AND state NOT IN ('failed', 'dead', 'refused')
                   AND conversation COLLATE "C" >= \(prefix) AND conversation COLLATE "C" < \(upper)),
              (EXISTS (SELECT 1 FROM outbound_messages
                 WHERE business_initiated AND created_at >= \(since.milliseconds) AND state NOT IN ('failed', 'dead', 'refused')
                   AND conversation COLLATE "C" = \(conversation)))
            """, doing: "outboundAccountFacts")
        return try decode("outboundAccountFacts") {
            guard let row = rows.first else {
                return OutboundAccountFacts(
                    knownContacts: 0, contactIsKnown: false, uniqueBusinessInitiatedContacts: 0, contactReached: false)
            }
            let (known, isKnown, reached, contactReached) = try row.decode((Int, Bool, Int, Bool).self)
            return OutboundAccountFacts(
                knownContacts: known, contactIsKnown: isKnown, uniqueBusinessInitiatedContacts: reached, contactReached: contactReached)
        }
    }

    /// Messages per queue state, for the `/metrics` queue-depth gauge: `queued`, `sending`, `retry_wait` and
    /// `dead` (dead letters not redriven). Every state is present.
    public func outboundQueueDepth() async throws(StoreError) -> [OutboundQueueState: Int] {
        let rows = try await fetch(
            """
            SELECT state, COUNT(*) FROM outbound_messages WHERE state IN ('queued', 'sending', 'retry_wait') GROUP BY state
            UNION ALL SELECT 'dead', COUNT(*) FROM dead_letters WHERE redriven_at IS NULL
            """, doing: "outboundQueueDepth")
        return try decode("outboundQueueDepth") {
            var depth: [OutboundQueueState: Int] = [.queued: 0, .sending: 0, .retryWait: 0, .dead: 0]
            for row in rows {
                let (state, count) = try row.decode((String, Int).self)
                if let state = OutboundQueueState(rawValue: state) { depth[state] = count }
            }
            return depth
        }
    }
}
