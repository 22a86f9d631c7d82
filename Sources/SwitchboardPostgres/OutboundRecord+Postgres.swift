import PostgresNIO
import SwitchboardCore
import SwitchboardQueue

/// Reading an ``OutboundRecord`` from a row of the PostgreSQL `outbound_messages` table (the columns and
/// encodings of the SQLite store's `readOutbound`).
extension OutboundRecord {
    /// Columns in the order ``init(postgresRow:decision:)`` reads them (`request_hash` may follow).
    static let postgresColumns =
        "seq, id, connection, conversation, recipient, state, attempts, next_attempt_at, provider_message_id, delivery_status, "
        + "request, decision, last_failure, dead_reason, created_at"
    /// How many ``postgresColumns`` there are (the index of a column selected after them).
    static let postgresColumnCount = postgresColumns.split(separator: ",").count

    /// The record in `row`; `decision: false` skips parsing the policy decision (the dispatcher never reads it).
    init(postgresRow row: PostgresRow, decision: Bool = true) throws {
        let cells = row.makeRandomAccess()
        func json(_ text: String) -> JSONValue { (try? JSONParser.parse(Array(text.utf8))) ?? .null }
        self.init(
            id: try cells[1].decode(String.self), sequence: try cells[0].decode(Int64.self), connection: try cells[2].decode(String.self),
            conversation: try cells[3].decode(String.self), recipient: try cells[4].decode(String.self),
            state: OutboundQueueState(rawValue: try cells[5].decode(String.self)) ?? .queued, attempts: try cells[6].decode(Int.self),
            nextAttemptAt: Timestamp(milliseconds: try cells[7].decode(Int64.self)),
            providerMessageID: try cells[8].decode(String?.self),
            deliveryStatus: DeliveryStatus(rawValue: try cells[9].decode(String.self)) ?? .queued,
            message: json(try cells[10].decode(String.self)), decision: decision ? json(try cells[11].decode(String.self)) : .null,
            lastFailure: try cells[12].decode(String?.self).flatMap { DeliveryFailure(postgresJSON: $0) },
            deadReason: try cells[13].decode(String?.self), createdAt: Timestamp(milliseconds: try cells[14].decode(Int64.self)))
    }
}

extension DeliveryFailure {
    /// Reads the stored ``json`` text (`last_failure`).
    init?(postgresJSON text: String) {
        guard let object = (try? JSONParser.parse(Array(text.utf8)))?.object, let message = object["message"]?.string else { return nil }
        self.init(
            category: Category(rawValue: object["category"]?.string ?? "") ?? .unknown, providerCode: object["provider_code"]?.string,
            message: message, perRecipient: object["per_recipient"]?.bool ?? false)
    }
}
