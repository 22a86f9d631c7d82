import SwitchboardCore

/// Counts across tasks.
final class Counter: Sendable {
    private let value = Locked(0)
    func add(_ count: Int) { value.withLock { $0 += count } }
    var total: Int { value.withLock { $0 } }
}
