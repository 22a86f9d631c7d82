import Foundation

/// A level-triggered wake-up for the dispatcher loop: ``signal()`` marks "something to do";
/// ``wait(timeout:)`` returns at once when marked since the last wait, else when marked, on timeout or on
/// cancellation.
public final class WakeSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var marked = false
    private var waiter: CheckedContinuation<Void, Never>?

    public init() {}

    /// Marks and wakes the waiter.
    public func signal() {
        lock.lock()
        marked = true
        let waiter = self.waiter
        self.waiter = nil
        lock.unlock()
        waiter?.resume()
    }

    /// Waits for a signal or `timeout`; clears the mark.
    public func wait(timeout: Duration) async {
        if lock.withLock({ marked }) {
            lock.withLock { marked = false }
            return
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.next() }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
        lock.withLock { marked = false }
    }

    private func next() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                lock.lock()
                if marked || Task.isCancelled {
                    lock.unlock()
                    continuation.resume()
                    return
                }
                let previous = waiter
                waiter = continuation
                lock.unlock()
                previous?.resume()
            }
        } onCancel: {
            lock.lock()
            let waiter = self.waiter
            self.waiter = nil
            lock.unlock()
            waiter?.resume()
        }
    }
}

/// A value behind a lock (the dispatcher's rate limiter and counters, shared by its send tasks).
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withValue<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
