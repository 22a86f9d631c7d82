import Foundation

/// A level-triggered wake-up: ``signal()`` marks "something changed"; ``wait(timeout:)`` returns at
/// once if marked since the last wait, else when marked, when `timeout` passes or on cancellation.
public final class ChangeSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var marked = false
    private var waiter: CheckedContinuation<Void, Never>?

    public init() {}

    /// Marks a change and wakes a waiter.
    public func signal() {
        lock.lock()
        marked = true
        let waiter = self.waiter
        self.waiter = nil
        lock.unlock()
        waiter?.resume()
    }

    /// Waits for a change (or the timeout); clears the mark.
    public func wait(timeout: Duration) async {
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
