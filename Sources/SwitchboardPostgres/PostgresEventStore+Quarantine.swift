import NIOCore
import PostgresNIO
import SwitchboardCore
import SwitchboardStore

extension PostgresEventStore {
    public func quarantined(limit: Int, before: Int64?, bodies: Bool) async throws(StoreError) -> [QuarantinedRequest] {
        let rows = try await fetch(
            """
            SELECT id, received_at, provider, connection, reason, method, url, headers,
                   CASE WHEN \(bodies) THEN body ELSE ''::bytea END, reprocessed_at, reprocessed_events, octet_length(body)
            FROM quarantine WHERE id < \(before ?? Int64.max) ORDER BY id DESC LIMIT \(limit)
            """, doing: "quarantined")
        return try decode("quarantined") { try rows.map(Self.quarantinedRequest) }
    }

    public func quarantinedRequest(id: Int64) async throws(StoreError) -> QuarantinedRequest? {
        let rows = try await fetch(
            """
            SELECT id, received_at, provider, connection, reason, method, url, headers, body, reprocessed_at, reprocessed_events,
                   octet_length(body)
            FROM quarantine WHERE id = \(id)
            """, doing: "quarantinedRequest")
        return try decode("quarantinedRequest") { try rows.first.map(Self.quarantinedRequest) }
    }

    public func markReprocessed(quarantineID id: Int64, at time: Timestamp, events: Int) async throws(StoreError) {
        _ = try await fetch(
            "UPDATE quarantine SET reprocessed_at = \(time.milliseconds), reprocessed_events = \(events) WHERE id = \(id)",
            doing: "markReprocessed")
    }

    private static func quarantinedRequest(_ row: PostgresRow) throws -> QuarantinedRequest {
        let (id, receivedAt, provider, connection, reason, method, url, headersText, body, reprocessedAt, reprocessedEvents, bodyBytes) =
            try row.decode((Int64, Int64, String, String?, String, String, String, String, ByteBuffer, Int64?, Int32?, Int32).self)
        return QuarantinedRequest(
            id: id, receivedAt: Timestamp(milliseconds: receivedAt), provider: provider, connection: connection, reason: reason,
            method: method, url: url, headers: QuarantinedRequest.headers(fromText: headersText), body: Array(body.readableBytesView),
            bodyBytes: Int(bodyBytes), reprocessedAt: reprocessedAt.map { Timestamp(milliseconds: $0) },
            reprocessedEvents: reprocessedEvents.map { Int($0) })
    }
}
