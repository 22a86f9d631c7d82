import SwitchboardCore

/// Reassembles a concatenated SMS from its parts (Vonage sends each part as its own request with
/// `concat-ref`, `concat-part`, `concat-total`).
///
/// A pure value: the gateway holds one, feeds it every `message_part` event in whatever order they
/// arrive, and stores the `message` it returns once the last missing part is in. Parts are grouped by
/// provider, account, sender, reference and total; a part number already held is ignored, so a
/// re-delivered part cannot duplicate text. A completed group is forgotten.
///
/// The message's id is deterministic: it is derived from the reference and the provider message ids
/// of the parts in part order (an 8-bit reference alone recycles), so the same parts always give the
/// same message, and a store that dedupes on ids drops a message re-assembled from re-delivered parts.
///
/// A part event (``partType``) carries `event: {type, ref, part, total, text, from, to, message_id}`.
public struct ConcatenatedSMSAssembler: Sendable, Hashable {
    /// The event type of one part.
    public static let partType = "message_part"

    /// How many parts a concatenated SMS can have: the UDH carries the count in one byte.
    public static let partCounts: ClosedRange<Int64> = 1...255

    /// The parts of one message received so far.
    public struct Group: Sendable, Hashable {
        public var total: Int
        /// Part events by part number (1-based).
        public var parts: [Int: CanonicalEvent]
    }

    struct GroupKey: Sendable, Hashable {
        var provider: Provider
        var account: String
        var from: String
        var ref: String
        var total: Int
    }

    private var groups: [GroupKey: Group] = [:]

    /// An empty assembler.
    public init() {}

    /// The number of messages still waiting for parts.
    public var pendingCount: Int { groups.count }

    /// The groups still waiting for parts.
    public var pending: [Group] { Array(groups.values) }

    /// Forgets every incomplete message.
    public mutating func removeAll() { groups.removeAll() }

    /// Adds one part; returns the complete `message` when this part was the last one missing, else `nil`.
    /// Events that are not well-formed `message_part` events are ignored (`nil`), and so is a part whose
    /// `total` is outside ``partCounts`` or whose number is not one of `1...total`: a group never holds more
    /// than 255 parts, and completing one walks at most 255 numbers.
    public mutating func add(_ part: CanonicalEvent) -> CanonicalEvent? {
        guard part.kind == .event, let detail = part.event, detail.type == Self.partType,
            let ref = detail.attributes["ref"]?.identifier, let number = detail.attributes["part"]?.int,
            let total = detail.attributes["total"]?.int, Self.partCounts.contains(Int64(total)), (1...total).contains(number)
        else { return nil }
        let from = detail.attributes["from"]?.identifier ?? part.contact?.id ?? ""
        let key = GroupKey(provider: part.provider, account: part.account, from: from, ref: ref, total: total)
        var group = groups[key] ?? Group(total: total, parts: [:])
        guard group.parts[number] == nil else { return nil }
        group.parts[number] = part
        guard group.parts.count == total else {
            groups[key] = group
            return nil
        }
        groups[key] = nil
        return Self.message(from: group, ref: ref)
    }

    /// The message of a complete group.
    static func message(from group: Group, ref: String) -> CanonicalEvent {
        let ordered = (1...group.total).compactMap { group.parts[$0] }
        let first = ordered[0]
        let text = ordered.map { $0.event?.attributes["text"]?.string ?? "" }.joined()
        let ids = ordered.map { $0.event?.attributes["message_id"]?.identifier ?? $0.providerMessageID ?? "" }
        let timestamps = ordered.compactMap(\.timestamp)
        var message = CanonicalEvent(
            kind: .message, channel: first.channel, provider: first.provider, account: first.account, direction: .inbound,
            timestamp: timestamps.min(), contact: first.contact, providerMessageID: ids[0], content: .text(text),
            raw: ["concat_ref": .string(ref), "parts": .array(ordered.map(\.raw))])
        message.assignID(key: "concat:\(ref):\(ids.joined(separator: ","))")
        return message
    }
}
