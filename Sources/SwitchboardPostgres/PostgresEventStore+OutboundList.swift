import PostgresNIO
import SwitchboardCore
import SwitchboardQueue
import SwitchboardStore

extension PostgresEventStore {
    public func outboundMessages(state: OutboundQueueState, connections: Set<String>, limit: Int, before: Int64?) async throws(StoreError)
        -> [OutboundRecord]
    {
        // The state as a literal (one of the fixed set): the partial index of dead or failed messages then serves
        // every plan, generic ones included.
        let names = connections.sorted()
        let rows = try await fetch(
            """
            SELECT \(unescaped: OutboundRecord.postgresColumns) FROM outbound_messages
            WHERE state = '\(unescaped: state.rawValue)' AND seq < \(before ?? Int64.max)
              AND (cardinality(\(names)::text[]) = 0 OR connection = ANY(\(names)::text[]))
            ORDER BY seq DESC LIMIT \(limit)
            """, doing: "outboundMessages")
        return try decode("outboundMessages") { try rows.map { try OutboundRecord(postgresRow: $0) } }
    }
}
