import SwitchboardCore
import SwitchboardQueue

/// The send queue in the SQLite store: enqueue (idempotent per API key), claiming in conversation order,
/// compare-and-set transitions with history and dead letters, and reads for the API.
extension SQLiteEventStore: OutboundQueueStore {
    static let outboundColumns =
        "seq, id, connection, conversation, recipient, state, attempts, next_attempt_at, provider_message_id, delivery_status, "
        + "request, decision, last_failure, dead_reason, created_at"

    /// The record in the current row; `decision: false` skips parsing the policy decision (the dispatcher
    /// never reads it).
    static func readOutbound(_ statement: SQLiteStatement, decision: Bool = true) -> OutboundRecord {
        OutboundRecord(
            id: statement.string(1), sequence: statement.int64(0), connection: statement.string(2), conversation: statement.string(3),
            recipient: statement.string(4), state: OutboundQueueState(rawValue: statement.string(5)) ?? .queued,
            attempts: Int(statement.int64(6)),
            nextAttemptAt: Timestamp(milliseconds: statement.int64(7)), providerMessageID: statement.optionalString(8),
            deliveryStatus: DeliveryStatus(rawValue: statement.string(9)) ?? .queued,
            message: (try? JSONParser.parse(Array(statement.string(10).utf8))) ?? .null,
            decision: decision ? (try? JSONParser.parse(Array(statement.string(11).utf8))) ?? .null : .null,
            lastFailure: statement.optionalString(12).flatMap { DeliveryFailure(storedJSON: try? JSONParser.parse(Array($0.utf8))) },
            deadReason: statement.optionalString(13), createdAt: Timestamp(milliseconds: statement.int64(14)))
    }

    /// Queues a message, or returns the message this API key already queued with the same idempotency key.
    /// Runs in the writer's serial transaction, so concurrent identical requests store exactly one message.
    public func enqueueOutbound(_ new: NewOutboundMessage) async throws(StoreError) -> EnqueueOutcome {
        try await writer.perform { connection throws(StoreError) -> EnqueueOutcome in
            if let existing = try Self.existingOutbound(new, connection: connection) { return existing }
            return .created(try Self.insertOutbound(new, connection: connection))
        }
    }

    /// The message this API key already queued with the new message's idempotency key, or `nil`.
    static func existingOutbound(_ new: NewOutboundMessage, connection: SQLiteConnection) throws(StoreError) -> EnqueueOutcome? {
        guard let key = new.idempotencyKey else { return nil }
        let existing = try connection.statement(
            "SELECT \(Self.outboundColumns), request_hash FROM outbound_messages WHERE api_key_id = ?1 AND idempotency_key = ?2")
        existing.bind(1, new.apiKeyID)
        existing.bind(2, key)
        defer { existing.reset() }
        guard try existing.step() else { return nil }
        return .existing(Self.readOutbound(existing), sameRequest: existing.string(15) == new.requestHash)
    }

    /// Inserts the message and the first line of its history.
    static func insertOutbound(_ new: NewOutboundMessage, connection: SQLiteConnection) throws(StoreError) -> OutboundRecord {
        let insert = try connection.statement(
            "INSERT INTO outbound_messages (id, connection, conversation, recipient, api_key_id, idempotency_key, request_hash, state, "
                + "delivery_status, next_attempt_at, business_initiated, request, decision, created_at, updated_at) "
                + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?12, ?13, ?14, ?9, ?10, ?11, ?8, ?8)")
        insert.bind(1, new.id)
        insert.bind(2, new.connection)
        insert.bind(3, new.conversation)
        insert.bind(4, new.recipient)
        insert.bind(5, new.apiKeyID)
        insert.bind(6, new.idempotencyKey)
        insert.bind(7, new.requestHash)
        insert.bind(8, new.createdAt.milliseconds)
        insert.bind(9, new.businessInitiated ? 1 : 0)
        insert.bind(10, new.message.documentText)
        insert.bind(11, new.decision.documentText)
        insert.bind(12, new.initialState.rawValue)
        insert.bind(13, new.initialDeliveryStatus.rawValue)
        insert.bind(14, new.firstAttemptAt.milliseconds)
        try insert.step()
        let sequence = connection.lastInsertRowID
        try Self.insertHistory(new.historyEntry, messageID: new.id, connection: connection)
        return new.record(sequence: sequence)
    }

    /// The message with `id`, or `nil`.
    public func outboundMessage(id: String) async throws(StoreError) -> OutboundRecord? {
        try readers.read { connection throws(StoreError) in
            let statement = try connection.statement("SELECT \(Self.outboundColumns) FROM outbound_messages WHERE id = ?1")
            statement.bind(1, id)
            defer { statement.reset() }
            guard try statement.step() else { return nil }
            return Self.readOutbound(statement)
        }
    }

    /// The message an API key queued with an idempotency key, with its request hash, or `nil`.
    public func outboundMessage(apiKeyID: String, idempotencyKey: String) async throws(StoreError) -> (OutboundRecord, String)? {
        try readers.read { connection throws(StoreError) in
            let statement = try connection.statement(
                "SELECT \(Self.outboundColumns), request_hash FROM outbound_messages WHERE api_key_id = ?1 AND idempotency_key = ?2")
            statement.bind(1, apiKeyID)
            statement.bind(2, idempotencyKey)
            defer { statement.reset() }
            guard try statement.step() else { return nil }
            return (Self.readOutbound(statement), statement.string(15))
        }
    }

    /// The status history of a message, oldest first.
    public func outboundHistory(id: String) async throws(StoreError) -> [OutboundHistoryEntry] {
        try readers.read { connection throws(StoreError) in
            let statement = try connection.statement(
                "SELECT status, at, provider_message_id, error_code, message, detail FROM outbound_history WHERE message_id = ?1 ORDER BY id"
            )
            statement.bind(1, id)
            var entries: [OutboundHistoryEntry] = []
            while try statement.step() {
                entries.append(
                    OutboundHistoryEntry(
                        status: statement.string(0), at: Timestamp(milliseconds: statement.int64(1)),
                        providerMessageID: statement.optionalString(2), errorCode: statement.optionalString(3),
                        message: statement.optionalString(4), detail: statement.optionalString(5)))
            }
            return entries
        }
    }

    /// Due heads of their conversations (?1 now, ?2 limit, ?3 JSON array of ids to leave out).
    static let dueOutboundSQL =
        "SELECT \(outboundColumns) FROM outbound_messages m WHERE m.state IN ('queued', 'sending', 'retry_wait') "
        + "AND m.next_attempt_at <= ?1 AND m.seq = (SELECT MIN(h.seq) FROM outbound_messages h "
        + "WHERE h.conversation = m.conversation AND h.state IN ('queued', 'sending', 'retry_wait')) "
        + "AND m.id NOT IN (SELECT value FROM json_each(?3)) "
        + "ORDER BY m.next_attempt_at, m.seq LIMIT ?2"

    public func dueOutbound(now: Timestamp, limit: Int, excluding: Set<String>) async throws(StoreError) -> OutboundDue {
        let excluded = excluding.isEmpty ? "[]" : JSONValue.array(excluding.map(JSONValue.string)).documentText
        return try readers.read { connection throws(StoreError) in
            let statement = try connection.statement(Self.dueOutboundSQL)
            statement.bind(1, now.milliseconds)
            statement.bind(2, limit)
            statement.bind(3, excluded)
            var records: [OutboundRecord] = []
            while try statement.step() { records.append(Self.readOutbound(statement, decision: false)) }
            let next = try connection.statement(
                "SELECT MIN(next_attempt_at) FROM outbound_messages WHERE state IN ('queued', 'sending', 'retry_wait') AND next_attempt_at > ?1"
            )
            next.bind(1, now.milliseconds)
            defer { next.reset() }
            try next.step()
            return OutboundDue(records: records, nextDueAt: next.optionalInt64(0).map { Timestamp(milliseconds: $0) })
        }
    }

    public func outbound(inState state: OutboundQueueState, limit: Int) async throws(StoreError) -> [OutboundRecord] {
        try readers.read { connection throws(StoreError) in
            let statement = try connection.statement(
                "SELECT \(Self.outboundColumns) FROM outbound_messages WHERE state = ?1 ORDER BY seq LIMIT ?2")
            statement.bind(1, state.rawValue)
            statement.bind(2, limit)
            var records: [OutboundRecord] = []
            while try statement.step() { records.append(Self.readOutbound(statement)) }
            return records
        }
    }

    public func applyOutbound(_ transitions: [OutboundTransition]) async throws(StoreError) -> [Bool] {
        guard !transitions.isEmpty else { return [] }
        let settings = ledgerSettings.withLock { $0 }
        // Not urgent: the dispatcher does not wait on anyone's behalf (it holds the claim in memory meanwhile).
        return try await writer.perform(urgent: false) { connection throws(StoreError) -> [Bool] in
            try transitions.map { transition throws(StoreError) in try Self.apply(transition, settings: settings, connection: connection) }
        }
    }

    /// Distinct contacts of an account (key range ?1..<?2) and whether ?3 is one of them.
    static let knownContactsSQL =
        "SELECT COUNT(*), SUM(k = ?3) FROM (SELECT key AS k FROM conversations WHERE key >= ?1 AND key < ?2 "
        + "UNION SELECT conversation FROM outbound_messages WHERE conversation >= ?1 AND conversation < ?2)"

    /// Distinct contacts of an account that got a business-initiated message since ?4, and whether ?3 did.
    static let reachedContactsSQL =
        "SELECT COUNT(DISTINCT conversation), COALESCE(MAX(conversation = ?3), 0) FROM outbound_messages "
        + "WHERE business_initiated = 1 AND created_at >= ?4 AND state NOT IN ('failed', 'dead', 'refused') "
        + "AND conversation >= ?1 AND conversation < ?2"

    /// The key range of the account behind `conversation` (`channel:account:contact`): the account's conversations
    /// are [`channel:account:`, `channel:account;`) (`;` follows `:`), so counts walk indexes over that account only.
    static func accountKeyRange(of conversation: String) -> (lower: String, upper: String) {
        let parts = conversation.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        let prefix = parts.count == 3 ? "\(parts[0]):\(parts[1]):" : conversation
        // Keys starting with `prefix`: `channel:account:` ends in `:`, so `channel:account;` bounds them exactly;
        // a key without that shape is bounded by itself followed by the highest scalar.
        let upper = prefix.hasSuffix(":") ? String(prefix.dropLast()) + ";" : prefix + "\u{10FFFF}"
        return (prefix, upper)
    }

    /// Distinct contacts of the account behind `conversation`, and whether it is one of them (``knownContactsSQL``).
    static func knownContacts(of conversation: String, connection: SQLiteConnection) throws(StoreError) -> (count: Int, isKnown: Bool) {
        let range = accountKeyRange(of: conversation)
        let known = try connection.statement(Self.knownContactsSQL)
        known.bind(1, range.lower)
        known.bind(2, range.upper)
        known.bind(3, conversation)
        defer { known.reset() }
        try known.step()
        return (Int(known.int64(0)), known.int64(1) > 0)
    }

    /// What the store knows about the contacts of the account behind `conversation` (`channel:account:contact`).
    public func outboundAccountFacts(conversation: String, since: Timestamp) async throws(StoreError) -> OutboundAccountFacts {
        let range = Self.accountKeyRange(of: conversation)
        return try readers.read { connection throws(StoreError) in
            let known = try Self.knownContacts(of: conversation, connection: connection)
            let reached = try connection.statement(Self.reachedContactsSQL)
            reached.bind(1, range.lower)
            reached.bind(2, range.upper)
            reached.bind(3, conversation)
            reached.bind(4, since.milliseconds)
            defer { reached.reset() }
            try reached.step()
            return OutboundAccountFacts(
                knownContacts: known.count, contactIsKnown: known.isKnown,
                uniqueBusinessInitiatedContacts: Int(reached.int64(0)), contactReached: reached.int64(1) > 0)
        }
    }
}
