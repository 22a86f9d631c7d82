import SwitchboardCore

/// A level-triggered wake-up for the dispatcher loop: ``signal()`` marks "something to do";
/// ``wait(timeout:)`` returns at once when marked since the last wait, else when marked, on timeout or on
/// cancellation.
public final class WakeSignal: Sendable {
    private let state = Locked(State())

    private struct State {
        var marked = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    public init() {}

    /// Marks and wakes the waiter.
    public func signal() {
        let waiter = state.withLock { state in
            state.marked = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Waits for a signal or `timeout`; clears the mark.
    public func wait(timeout: Duration) async {
        if state.withLock({ $0.marked }) {
            state.withLock { $0.marked = false }
            return
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.next() }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
        state.withLock { $0.marked = false }
    }

    private func next() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let (resumeNow, previous) = state.withLock { state -> (Bool, CheckedContinuation<Void, Never>?) in
                    if state.marked || Task.isCancelled { return (true, nil) }
                    defer { state.waiter = continuation }
                    return (false, state.waiter)
                }
                if resumeNow { continuation.resume() }
                previous?.resume()
            }
        } onCancel: {
            let waiter = state.withLock { state in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
    }
}
