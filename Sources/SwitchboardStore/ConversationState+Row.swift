import SwitchboardCore

/// Reading and writing ``ConversationState`` as a row of the `conversations` table.
extension ConversationState {
    /// Columns in the order ``read(from:)`` and ``upsertSQL`` use.
    static let columns =
        "key, channel, account, contact, last_inbound_at, last_outbound_at, referral_at, referral_source, "
        + "entry_point_opened_at, opted_out, opted_out_at, consent_at, blocked, started, attachment_bytes, "
        + "private_replied, comments"

    static let upsertSQL =
        "INSERT INTO conversations (\(columns), updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) "
        + "ON CONFLICT(key) DO UPDATE SET last_inbound_at = excluded.last_inbound_at, last_outbound_at = excluded.last_outbound_at, "
        + "referral_at = excluded.referral_at, referral_source = excluded.referral_source, "
        + "entry_point_opened_at = excluded.entry_point_opened_at, opted_out = excluded.opted_out, "
        + "opted_out_at = excluded.opted_out_at, consent_at = excluded.consent_at, blocked = excluded.blocked, "
        + "started = excluded.started, attachment_bytes = excluded.attachment_bytes, "
        + "private_replied = excluded.private_replied, comments = excluded.comments, updated_at = excluded.updated_at"

    /// The state in the current row of `statement` (selected with ``columns``), or `nil` for an unknown channel.
    static func read(from statement: SQLiteStatement) -> ConversationState? {
        guard let channel = Channel(rawValue: statement.string(1)) else { return nil }
        func time(_ column: Int32) -> Timestamp? { statement.optionalInt64(column).map(Self.timestamp) }
        var state = ConversationState(
            conversation: statement.string(0), channel: channel, account: statement.string(2), contact: statement.string(3))
        state.lastInboundAt = time(4)
        state.lastOutboundAt = time(5)
        state.referralAt = time(6)
        state.referralSource = statement.optionalString(7)
        state.entryPointOpenedAt = time(8)
        state.optedOut = statement.int64(9) != 0
        state.optedOutAt = time(10)
        state.consentAt = time(11)
        state.blocked = statement.int64(12) != 0
        state.started = statement.int64(13) != 0
        if let bytes = try? JSONParser.parse(statement.string(14)).object {
            for member in bytes.members { state.attachmentBytesByMonth[member.key] = member.value.int64 ?? 0 }
        }
        if let replied = try? JSONParser.parse(statement.string(15)).array {
            state.privateRepliedComments = Set(replied.compactMap(\.string))
        }
        if let comments = try? JSONParser.parse(statement.string(16)).object {
            for member in comments.members {
                if let millis = member.value.int64 { state.comments[member.key] = Self.timestamp(millis) }
            }
        }
        return state
    }

    /// Binds the state to ``upsertSQL``.
    func bind(to statement: SQLiteStatement, updatedAt: Timestamp) {
        statement.bind(1, conversation)
        statement.bind(2, channel.rawValue)
        statement.bind(3, account)
        statement.bind(4, contact)
        statement.bind(5, lastInboundAt?.milliseconds)
        statement.bind(6, lastOutboundAt?.milliseconds)
        statement.bind(7, referralAt?.milliseconds)
        statement.bind(8, referralSource)
        statement.bind(9, entryPointOpenedAt?.milliseconds)
        statement.bind(10, optedOut ? 1 : 0)
        statement.bind(11, optedOutAt?.milliseconds)
        statement.bind(12, consentAt?.milliseconds)
        statement.bind(13, blocked ? 1 : 0)
        statement.bind(14, started ? 1 : 0)
        var bytes = JSONObject()
        for key in attachmentBytesByMonth.keys.sorted() { bytes.append(key, .int(attachmentBytesByMonth[key] ?? 0)) }
        statement.bind(15, JSONValue.object(bytes).canonicalText)
        statement.bind(16, JSONValue.sortedStringArrayText(privateRepliedComments))
        var commentTimes = JSONObject()
        for key in comments.keys.sorted() { commentTimes.append(key, .int(comments[key]?.milliseconds ?? 0)) }
        statement.bind(17, JSONValue.object(commentTimes).canonicalText)
        statement.bind(18, updatedAt.milliseconds)
    }

    /// Stored milliseconds back to a timestamp; whole seconds print without `.SSS`.
    static func timestamp(_ milliseconds: Int64) -> Timestamp {
        Timestamp(milliseconds: milliseconds, hasMilliseconds: milliseconds % 1000 != 0)
    }
}
