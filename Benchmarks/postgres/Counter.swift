import Foundation

/// Counts across tasks.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func add(_ count: Int) { lock.withLock { value += count } }
    var total: Int { lock.withLock { value } }
}
