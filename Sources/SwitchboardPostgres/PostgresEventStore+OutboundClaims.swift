import PostgresNIO
import SwitchboardCore
import SwitchboardQueue
import SwitchboardStore

/// The dispatcher's side of the send queue with several nodes: claims with a lease, compare-and-set
/// transitions.
///
/// How the ``Dispatcher`` uses the queue: each round it asks ``dueOutbound(now:limit:excluding:)`` for due
/// heads of conversations, keeps the ones it starts sending in memory (`excluding` on its next rounds) and
/// writes only the outcome, as a compare-and-set transition expecting the row as it read it. It never
/// writes `sending`. On one SQLite process that is enough; with several nodes, a row that stays `queued`
/// while one node sends it would be sent by every node. So here reading IS claiming: the returned rows get
/// `claimed_by` = this store's ``node`` and `claimed_until` = now + `claimLeaseMilliseconds`, and other
/// nodes skip them, and every later message of their conversations, until the lease ends. The claiming
/// node itself still gets them back on later calls (it may have left one unsent, waiting for its rate
/// limiter), so a single node behaves exactly as SQLite. A transition clears the claim.
///
/// Guarantees: a message is sent by one node at a time, and a conversation's messages go out one after
/// the other in queue order, whichever nodes send them. A node that dies mid-send leaves its claim to
/// expire; then another node sends the message again (at least once, as after a crash on SQLite).
extension PostgresEventStore {
    /// Claims the due heads of their conversations (oldest due first) for this node; see the extension's
    /// documentation. `FOR UPDATE SKIP LOCKED` makes two nodes claiming at the same moment take disjoint
    /// rows instead of waiting for each other.
    public func dueOutbound(now: Timestamp, limit: Int, excluding: Set<String>) async throws(StoreError) -> OutboundDue {
        let at = now.milliseconds
        let leaseEnd = at + configuration.claimLeaseMilliseconds
        let excluded = Array(excluding)
        let rows = try await fetch(
            """
            WITH due AS (
                SELECT m.seq AS claimed_seq FROM outbound_messages m
                WHERE m.state IN ('queued', 'sending', 'retry_wait') AND m.next_attempt_at <= \(at)
                  AND (m.claimed_until IS NULL OR m.claimed_until <= \(at) OR m.claimed_by = \(node))
                  AND NOT (m.id = ANY(\(excluded)))
                  AND NOT EXISTS (SELECT 1 FROM outbound_messages h WHERE h.conversation = m.conversation
                                  AND h.state IN ('queued', 'sending', 'retry_wait') AND h.seq < m.seq)
                ORDER BY m.next_attempt_at, m.seq LIMIT \(limit)
                FOR UPDATE OF m SKIP LOCKED
            )
            UPDATE outbound_messages o SET claimed_by = \(node), claimed_until = \(leaseEnd)
            FROM due WHERE o.seq = due.claimed_seq
            RETURNING \(unescaped: OutboundRecord.postgresColumns)
            """, doing: "dueOutbound")
        let records = try decode("dueOutbound") {
            try rows.map { try OutboundRecord(postgresRow: $0, decision: false) }
                .sorted { ($0.nextAttemptAt.milliseconds, $0.sequence) < ($1.nextAttemptAt.milliseconds, $1.sequence) }
        }
        // What to sleep until: the next retry or lease end, or the end of another node's claim.
        let next = try await fetch(
            """
            SELECT LEAST(
                (SELECT MIN(next_attempt_at) FROM outbound_messages
                 WHERE state IN ('queued', 'sending', 'retry_wait') AND next_attempt_at > \(at)),
                (SELECT MIN(claimed_until) FROM outbound_messages
                 WHERE claimed_until > \(at) AND claimed_by <> \(node) AND state IN ('queued', 'sending', 'retry_wait')))
            """, doing: "dueOutbound")
        let nextDueAt = try decode("dueOutbound") { try next.first?.decode(Int64?.self) }
        return OutboundDue(records: records, nextDueAt: nextDueAt.map { Timestamp(milliseconds: $0) })
    }

    /// Applies transitions in one transaction; for each, whether its compare-and-set matched. The holds of the
    /// messages that end (sent, failed, dead, refused) are settled or released in the same transaction; the
    /// wallets (and conversations) they write are locked first, in the ledger's lock order (docs/ledger.md).
    public func applyOutbound(_ transitions: [OutboundTransition]) async throws(StoreError) -> [Bool] {
        guard !transitions.isEmpty else { return [] }
        let (logger, settings) = (self.logger, ledgerSettings.withLock { $0 })
        let (applied, noticed) = try await transaction("applyOutbound") { connection -> ([Bool], Bool) in
            let ending = transitions.filter { Self.endsHold($0.state) }.map(\.id)
            let affected = try await Self.holdLockSet(messageIDs: ending, providerIDs: [], connection: connection, logger: logger)
            try await Self.lockWallets(affected.wallets, connection: connection, logger: logger)
            for key in affected.conversations.sorted() { _ = try await Self.lockConversation(key, connection: connection, logger: logger) }
            let learned = Set(transitions.compactMap { $0.state == .sent ? $0.providerMessageID : nil })
            try await Self.lockProviderMessages(learned, connection: connection, logger: logger)
            var applied: [Bool] = []
            var noticed = false
            for transition in transitions {
                let (matched, stored) = try await Self.apply(transition, settings: settings, connection: connection, logger: logger)
                applied.append(matched)
                noticed = noticed || stored
            }
            return (applied, noticed)
        }
        if applied.contains(true) { notifier.markChanged(outbound: true) }
        if noticed {
            changes.signal()
            notifier.markChanged(events: true)
        }
        return applied
    }
}
