import PostgresNIO
import SwitchboardCore

/// Reading and writing ``ConversationState`` as a row of the PostgreSQL `conversations` table (the same
/// columns and encodings as the SQLite store's `ConversationState+Row.swift`).
extension ConversationState {
    /// Columns in the order ``init(postgresRow:)`` reads them.
    static let postgresColumns =
        "key, channel, account, contact, last_inbound_at, last_outbound_at, referral_at, referral_source, "
        + "entry_point_opened_at, opted_out, opted_out_at, consent_at, blocked, started, attachment_bytes, "
        + "private_replied, comments"

    /// The state in `row` (selected with ``postgresColumns``), or `nil` for an unknown channel.
    init?(postgresRow row: PostgresRow) throws {
        let cells = row.makeRandomAccess()
        guard let channel = Channel(rawValue: try cells[1].decode(String.self)) else { return nil }
        func time(_ column: Int) throws -> Timestamp? { try cells[column].decode(Int64?.self).map(Self.postgresTimestamp) }
        self.init(
            conversation: try cells[0].decode(String.self), channel: channel, account: try cells[2].decode(String.self),
            contact: try cells[3].decode(String.self))
        lastInboundAt = try time(4)
        lastOutboundAt = try time(5)
        referralAt = try time(6)
        referralSource = try cells[7].decode(String?.self)
        entryPointOpenedAt = try time(8)
        optedOut = try cells[9].decode(Bool.self)
        optedOutAt = try time(10)
        consentAt = try time(11)
        blocked = try cells[12].decode(Bool.self)
        started = try cells[13].decode(Bool.self)
        if let bytes = try? JSONParser.parse(try cells[14].decode(String.self)).object {
            for member in bytes.members { attachmentBytesByMonth[member.key] = member.value.int64 ?? 0 }
        }
        if let replied = try? JSONParser.parse(try cells[15].decode(String.self)).array {
            privateRepliedComments = Set(replied.compactMap(\.string))
        }
        if let times = try? JSONParser.parse(try cells[16].decode(String.self)).object {
            for member in times.members {
                if let millis = member.value.int64 { comments[member.key] = Self.postgresTimestamp(millis) }
            }
        }
    }

    /// Writes every column of the state (the row exists: appends create it before locking it).
    func postgresUpdate(updatedAt: Timestamp) -> PostgresQuery {
        var bytes = JSONObject()
        for key in attachmentBytesByMonth.keys.sorted() { bytes.append(key, .int(attachmentBytesByMonth[key] ?? 0)) }
        var commentTimes = JSONObject()
        for key in comments.keys.sorted() { commentTimes.append(key, .int(comments[key]?.milliseconds ?? 0)) }
        let bytesText = JSONValue.object(bytes).canonicalText
        let repliedText = JSONValue.sortedStringArrayText(privateRepliedComments)
        let commentsText = JSONValue.object(commentTimes).canonicalText
        return """
            UPDATE conversations SET last_inbound_at = \(lastInboundAt?.milliseconds), last_outbound_at = \(lastOutboundAt?.milliseconds),
                referral_at = \(referralAt?.milliseconds), referral_source = \(referralSource),
                entry_point_opened_at = \(entryPointOpenedAt?.milliseconds), opted_out = \(optedOut),
                opted_out_at = \(optedOutAt?.milliseconds), consent_at = \(consentAt?.milliseconds), blocked = \(blocked),
                started = \(started), attachment_bytes = \(bytesText), private_replied = \(repliedText),
                comments = \(commentsText), updated_at = \(updatedAt.milliseconds)
            WHERE key = \(conversation)
            """
    }

    /// Stored milliseconds back to a timestamp; whole seconds print without `.SSS`.
    static func postgresTimestamp(_ milliseconds: Int64) -> Timestamp {
        Timestamp(milliseconds: milliseconds, hasMilliseconds: milliseconds % 1000 != 0)
    }
}
