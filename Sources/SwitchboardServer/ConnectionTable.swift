/// The open HTTP connections against the cap (`limits.max_connections`): how many are open, and the evictable
/// ones (waiting for a request head, nothing in flight) in the order they became so. A value type taking
/// events and returning what to do; ``ConnectionLimiter`` holds it under a lock and does the closing.
///
/// A connection opening at the cap closes the one evictable longest (nginx's choice: a half-sent head or a
/// keep-alive connection costs a descriptor, a request in progress is work). With every connection busy
/// accepting pauses (``isAccepting``) and new connections wait in the kernel's backlog until one closes or
/// becomes evictable. One that opened while every connection was busy (accepted before the pause took
/// effect) is over the cap: the next connection to become evictable, normally that new one itself, is
/// closed at once.
struct ConnectionTable {
    typealias ID = UInt64

    /// What the limiter does after an event.
    enum Action: Equatable {
        case none
        /// Close this connection to make room.
        case evict(ID)
    }

    private struct Entry {
        var evictable = false
        /// Chosen for eviction, not yet closed.
        var evicting = false
        /// Neighbours in the evictable list (oldest first).
        var older: ID?
        var newer: ID?
    }

    let capacity: Int
    /// Open connections (registered, not yet removed).
    var open: Int { entries.count }
    /// Connections opened over the cap with none evictable: as many evictable ones are closed at once.
    private(set) var overflow = 0
    /// How many connections may be evicted now.
    private(set) var evictableCount = 0
    private var entries: [ID: Entry] = [:]
    private var oldest: ID?
    private var newest: ID?
    private var evicting = 0
    private var nextID: ID = 0

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Open connections that are not already being closed for room.
    var live: Int { open - evicting }

    /// Whether a new connection may be accepted: under the cap, or one can make room.
    var isAccepting: Bool { live < capacity || evictableCount > 0 }

    /// A connection opened: its id, and over the cap the connection evictable longest to close for it.
    mutating func register() -> (ID, Action) {
        nextID += 1
        entries[nextID] = Entry()
        guard live > capacity else { return (nextID, .none) }
        guard let victim = oldest else {
            overflow += 1
            return (nextID, .none)
        }
        return (nextID, markEvicting(victim))
    }

    /// A connection became evictable (`true`) or busy (`false`). Over the cap a connection that becomes
    /// evictable is closed at once.
    mutating func setEvictable(_ id: ID, _ evictable: Bool) -> Action {
        guard let entry = entries[id] else { return .none }
        if entry.evicting {
            // Busy again before the eviction reached it: it stays (its guard refuses the eviction), and the
            // next connection to become evictable goes instead.
            guard !evictable else { return .none }
            entries[id]?.evicting = false
            evicting -= 1
            if live > capacity { overflow += 1 }
            return .none
        }
        guard entry.evictable != evictable else { return .none }
        guard evictable else {
            unlink(id)
            return .none
        }
        if overflow > 0 {
            overflow -= 1
            return markEvicting(id)
        }
        append(id)
        return .none
    }

    /// A connection closed.
    mutating func remove(_ id: ID) {
        guard let entry = entries[id] else { return }
        if entry.evictable { unlink(id) }
        if entry.evicting { evicting -= 1 }
        entries[id] = nil
        overflow = max(0, min(overflow, live - capacity))
    }

    private mutating func markEvicting(_ id: ID) -> Action {
        unlink(id)
        entries[id]?.evicting = true
        evicting += 1
        return .evict(id)
    }

    private mutating func append(_ id: ID) {
        entries[id]?.evictable = true
        entries[id]?.older = newest
        entries[id]?.newer = nil
        if let newest { entries[newest]?.newer = id } else { oldest = id }
        newest = id
        evictableCount += 1
    }

    private mutating func unlink(_ id: ID) {
        guard let entry = entries[id], entry.evictable else { return }
        if let older = entry.older { entries[older]?.newer = entry.newer } else { oldest = entry.newer }
        if let newer = entry.newer { entries[newer]?.older = entry.older } else { newest = entry.older }
        entries[id]?.evictable = false
        entries[id]?.older = nil
        entries[id]?.newer = nil
        evictableCount -= 1
    }
}
