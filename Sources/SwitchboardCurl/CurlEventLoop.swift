import CCurl
import CCurlShim
import Foundation
import SwitchboardCore
import SwitchboardTransport

/// The part of the transport other threads touch: the inbox of submissions and cancellations, the
/// shutdown state, and `curl_multi_wakeup`. Everything else belongs to ``CurlWorker`` on the owner thread.
final class CurlEventLoop: Sendable {
    /// The multi handle. Only `curl_multi_wakeup` (documented thread-safe) is called on it from other
    /// threads, and only under the inbox lock while `exited` is false; the owner thread does the rest.
    nonisolated(unsafe) let multi: UnsafeMutableRawPointer
    let inbox = Locked(Inbox())

    /// Work handed to the owner thread, and its lifecycle.
    struct Inbox: ~Copyable {
        var nextID: UInt64 = 0
        var submissions: [CurlSubmission] = []
        var cancellations: [UInt64] = []
        /// Set once shutdown is requested: no submission is accepted after that.
        var shutdownDeadline: ContinuousClock.Instant?
        /// Set by the owner thread when it found nothing to take and is about to sleep in `curl_multi_poll`;
        /// cleared when it wakes, or by the first submission that wakes it. Submissions made while it works
        /// are taken at its next turn without a `curl_multi_wakeup` (a system call, and a turn of the loop
        /// with `curl_multi_perform` over every transfer, per request).
        var polling = false
        /// Set by the owner thread just before it frees the multi handle.
        var exited = false
        var shutdownWaiters: [CheckedContinuation<Void, Never>] = []
    }

    /// The owner thread's name, as `/proc/<pid>/task/*/comm` shows it.
    static let threadName = "sb-curl"

    init(configuration: CurlTransport.Configuration) {
        CurlGlobal.ensureInitialized()
        guard let multi = curl_multi_init() else { fatalError("curl_multi_init failed (out of memory)") }
        self.multi = multi
        _ = sb_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, configuration.maxConnectionsPerHost)
        _ = sb_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, configuration.maxCachedConnections)
        _ = sb_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        let thread = Thread { [self] in
            // Named from inside: Linux names only the calling thread, in at most 15 bytes (`top -H`, `perf`).
            Thread.current.name = Self.threadName
            CurlWorker(loop: self, configuration: configuration).run()
        }
        thread.name = Self.threadName
        thread.start()
    }

    /// A fresh id for one transfer.
    func makeTransferID() -> UInt64 {
        inbox.withLock { inbox in
            inbox.nextID += 1
            return inbox.nextID
        }
    }

    /// Queues a transfer, or resumes it at once when the task is already cancelled or the transport is
    /// shutting down. The cancellation check runs under the lock, which makes it race-free with
    /// ``cancel(_:)``: a cancel either finds the task cancelled here, or is queued after the submission.
    func submit(_ submission: CurlSubmission) {
        let refusal: TransportError? = inbox.withLock { inbox in
            if inbox.shutdownDeadline != nil { return CurlErrors.shutDown }
            if Task.isCancelled { return CurlErrors.cancelled }
            inbox.submissions.append(submission)
            if inbox.polling {
                inbox.polling = false
                _ = curl_multi_wakeup(multi)
            }
            return nil
        }
        if let refusal { submission.continuation.resume(returning: .failure(refusal)) }
    }

    /// Asks the owner thread to abort transfer `id` (ignored when it already finished).
    func cancel(_ id: UInt64) {
        inbox.withLock { inbox in
            guard !inbox.exited else { return }
            inbox.cancellations.append(id)
            _ = curl_multi_wakeup(multi)
        }
    }

    /// Starts shutting down without waiting.
    func requestShutdown(gracePeriod: Duration) {
        inbox.withLock { inbox in
            guard !inbox.exited else { return }
            let deadline = ContinuousClock.now + gracePeriod
            if let current = inbox.shutdownDeadline, current <= deadline { return }
            inbox.shutdownDeadline = deadline
            _ = curl_multi_wakeup(multi)
        }
    }

    /// Shuts down and waits until the owner thread has exited.
    func shutdown(gracePeriod: Duration) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = inbox.withLock { inbox in
                if inbox.exited { return true }
                inbox.shutdownWaiters.append(continuation)
                return false
            }
            if done {
                continuation.resume()
            } else {
                requestShutdown(gracePeriod: gracePeriod)
            }
        }
    }
}

/// `curl_global_init`, once per process, before the first handle.
enum CurlGlobal {
    private static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK

    static func ensureInitialized() {
        precondition(initialized, "curl_global_init failed")
    }
}
