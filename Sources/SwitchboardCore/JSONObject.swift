/// A JSON object that keeps its members in document order.
///
/// Lookups scan linearly: provider objects are small, and scanning an array beats hashing for them.
/// A repeated key resolves to its first occurrence.
public struct JSONObject: Sendable, Hashable {
    /// One member: a key and its value.
    ///
    /// Stored as a struct rather than a tuple: destroying an array of tuples goes through the
    /// runtime's generic tuple value witnesses, an array of these through specialized code.
    public struct Member: Sendable, Hashable {
        /// The member's key.
        public var key: String
        /// The member's value.
        public var value: JSONValue

        /// A member.
        @inlinable public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members in the order they were added, stored as ``Member`` values.
    public private(set) var storage: [Member]

    /// The members in the order they were added, as `(key, value)` pairs.
    public var members: Members { Members(storage: storage) }

    /// An empty object.
    public init() { storage = [] }

    /// An object with these members, in this order.
    public init(_ members: [(String, JSONValue)]) {
        storage = members.map { Member(key: $0.0, value: $0.1) }
    }

    /// An object over members already built (the parser's path: no copy, no check for repeated keys).
    public init(storage: [Member]) { self.storage = storage }

    /// The number of members.
    public var count: Int { storage.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { storage.isEmpty }

    /// The keys in document order.
    public var keys: [String] { storage.map(\.key) }

    /// The value for `key`; setting `nil` removes it, setting a value replaces it in place or appends it.
    public subscript(key: String) -> JSONValue? {
        get {
            // Comparing the UTF-8 lengths first (stored in the string, no scan) skips most of the
            // full string comparisons of a scan.
            // Members are read in place: iterating the array would copy (retain and release) each one.
            let length = key.utf8.count
            return storage.withUnsafeBufferPointer { members in
                for index in members.indices where members[index].key.utf8.count == length && members[index].key == key {
                    return members[index].value
                }
                return nil
            }
        }
        set {
            let length = key.utf8.count
            if let index = storage.firstIndex(where: { $0.key.utf8.count == length && $0.key == key }) {
                if let newValue { storage[index].value = newValue } else { storage.remove(at: index) }
            } else if let newValue {
                storage.append(Member(key: key, value: newValue))
            }
        }
    }

    /// Makes room for `capacity` members (no effect on the members).
    public mutating func reserveCapacity(_ capacity: Int) {
        storage.reserveCapacity(capacity)
    }

    /// Appends a member without checking for an existing key (the parser's fast path).
    public mutating func append(_ key: String, _ value: JSONValue) {
        storage.append(Member(key: key, value: value))
    }

    /// Sets `key` only when `value` is non-nil: canonical JSON omits absent values.
    public mutating func set(_ key: String, _ value: JSONValue?) {
        if let value { self[key] = value }
    }
}

extension JSONObject {
    /// The members of an object as `(key: String, value: JSONValue)` pairs, in order, without copying them out.
    public struct Members: RandomAccessCollection, ExpressibleByArrayLiteral, Sendable {
        let storage: [Member]

        init(storage: [Member]) { self.storage = storage }

        /// Members from pairs (so `object?.members ?? []` reads as before).
        public init(arrayLiteral elements: (key: String, value: JSONValue)...) {
            storage = elements.map { Member(key: $0.key, value: $0.value) }
        }

        public var startIndex: Int { storage.startIndex }
        public var endIndex: Int { storage.endIndex }

        public subscript(position: Int) -> (key: String, value: JSONValue) {
            let member = storage[position]
            return (key: member.key, value: member.value)
        }
    }
}
