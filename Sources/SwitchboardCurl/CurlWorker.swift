import CCurl
import CCurlShim
import SwitchboardCore
import SwitchboardTransport

/// The owner thread's state: the multi handle's transfers and a pool of idle easy handles.
/// Created and used on that thread only.
final class CurlWorker {
    private let loop: CurlEventLoop
    private let configuration: CurlTransport.Configuration
    private var multi: UnsafeMutableRawPointer { loop.multi }
    private var active: [UInt64: CurlTransfer] = [:]
    private var activeByHandle: [UnsafeMutableRawPointer: UInt64] = [:]
    /// Easy handles kept for the next transfers (saves allocations; connections live in the multi), each with
    /// the profile of its last transfer (`nil`: reset), whose options it still carries.
    private var idleHandles: [(easy: UnsafeMutableRawPointer, profile: CurlTransfer.Profile?)] = []
    private let maxIdleHandles = 64

    init(loop: CurlEventLoop, configuration: CurlTransport.Configuration) {
        self.loop = loop
        self.configuration = configuration
    }

    /// The loop: take work from the inbox, let curl progress, complete finished transfers, sleep in
    /// `curl_multi_poll` until a socket is ready, a curl timer fires or `curl_multi_wakeup` is called.
    func run() {
        while true {
            let (submissions, cancellations, shutdownDeadline) = loop.inbox.withLock { inbox in
                defer {
                    inbox.submissions.removeAll()
                    inbox.cancellations.removeAll()
                }
                return (inbox.submissions, inbox.cancellations, inbox.shutdownDeadline)
            }
            for submission in submissions { start(submission) }
            for id in cancellations {
                if let transfer = active[id] { finish(transfer, .failure(CurlErrors.cancelled)) }
            }

            var running: Int32 = 0
            _ = curl_multi_perform(multi, &running)
            collectCompletions()

            var timeoutMilliseconds: Int32 = 1000
            if let deadline = shutdownDeadline {
                if active.isEmpty { break }
                let remaining = deadline - ContinuousClock.now
                if remaining <= .zero {
                    for transfer in Array(active.values) { finish(transfer, .failure(CurlErrors.shutDown)) }
                    break
                }
                timeoutMilliseconds = Int32(min(remaining.milliseconds, 1000))
            }
            // Sleep only when nothing arrived meanwhile; submitters wake the thread only while it sleeps.
            let idle = loop.inbox.withLock { inbox in
                guard inbox.submissions.isEmpty && inbox.cancellations.isEmpty else { return false }
                inbox.polling = true
                return true
            }
            if idle {
                _ = curl_multi_poll(multi, nil, 0, timeoutMilliseconds, nil)
                loop.inbox.withLock { $0.polling = false }
            }
        }
        tearDown()
    }

    private func start(_ submission: CurlSubmission) {
        let profile = CurlTransfer.profile(of: submission.request, options: submission.options)
        // A handle left by a transfer of the same profile needs only the per-transfer options; any other
        // idle handle is reset first.
        var reusedProfile: CurlTransfer.Profile?
        let easy: UnsafeMutableRawPointer
        if let profile, let index = idleHandles.lastIndex(where: { $0.profile == profile }) {
            easy = idleHandles.remove(at: index).easy
            reusedProfile = profile
        } else if let idle = idleHandles.popLast() {
            easy = idle.easy
            if idle.profile != nil { curl_easy_reset(easy) }
        } else if let fresh = curl_easy_init() {
            easy = fresh
        } else {
            submission.continuation.resume(returning: .failure(CurlErrors.outOfMemory))
            return
        }
        let transfer = CurlTransfer(submission: submission, easy: easy, profile: profile)
        do {
            if let reusedProfile {
                try transfer.configureReused(reusedProfile)
            } else {
                try transfer.configure(configuration)
            }
            transfer.configured = true
        } catch {
            recycle(transfer)
            transfer.continuation.resume(returning: .failure(error))
            return
        }
        guard curl_multi_add_handle(multi, easy) == CURLM_OK else {
            recycle(transfer)
            transfer.continuation.resume(returning: .failure(TransportError(code: .transport, message: "curl_multi_add_handle failed")))
            return
        }
        active[transfer.id] = transfer
        activeByHandle[easy] = transfer.id
    }

    private func collectCompletions() {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard sb_msg_is_done(message) != 0, let easy = sb_msg_easy_handle(message),
                let id = activeByHandle[easy], let transfer = active[id]
            else { continue }
            finish(transfer, result(of: transfer, code: sb_msg_result(message)))
        }
    }

    /// The response (or error) a completed transfer ends with.
    private func result(of transfer: CurlTransfer, code: CURLcode) -> CurlResult {
        var responseCode = 0
        _ = sb_easy_getinfo_long(transfer.easy, CURLINFO_RESPONSE_CODE, &responseCode)
        if code == CURLE_OK || (transfer.isSMTP && CurlErrors.isSMTPRefusal(code, responseCode: responseCode)) {
            if transfer.isSMTP {
                return .success(ProviderResponse(status: responseCode, body: Array(transfer.replyLine(for: responseCode).utf8)))
            }
            return .success(ProviderResponse(status: responseCode, headers: transfer.responseHeaders, body: transfer.responseBody))
        }
        return .failure(CurlErrors.error(for: code, detail: transfer.errorDetail, responseTooLarge: transfer.responseTooLarge))
    }

    /// Removes the transfer from the multi handle (aborting it if still running), recycles its easy
    /// handle and resumes the waiting task.
    private func finish(_ transfer: CurlTransfer, _ result: CurlResult) {
        _ = curl_multi_remove_handle(multi, transfer.easy)
        active[transfer.id] = nil
        activeByHandle[transfer.easy] = nil
        recycle(transfer)
        transfer.continuation.resume(returning: result)
    }

    /// Keeps the transfer's handle for a later one with its options in place (reset when its options are not
    /// all set: SMTP, or a configuration that failed half-way), or frees it when enough are idle.
    private func recycle(_ transfer: CurlTransfer) {
        let profile = transfer.configured ? transfer.profile : nil
        if profile == nil {
            curl_easy_reset(transfer.easy)
        } else {
            // The buffer and the header list die with the transfer: the idle handle must not point at them.
            _ = sb_easy_setopt_pointer(transfer.easy, CURLOPT_ERRORBUFFER, nil)
            _ = sb_easy_setopt_pointer(transfer.easy, CURLOPT_HTTPHEADER, nil)
        }
        transfer.release()
        if idleHandles.count < maxIdleHandles {
            idleHandles.append((transfer.easy, profile))
        } else {
            curl_easy_cleanup(transfer.easy)
        }
    }

    /// Frees every handle, then tells the waiting `shutdown` calls. Submissions that raced with the
    /// shutdown request cannot exist: `submit` refuses once a deadline is set.
    private func tearDown() {
        for transfer in Array(active.values) { finish(transfer, .failure(CurlErrors.shutDown)) }
        let waiters = loop.inbox.withLock { inbox in
            inbox.exited = true
            return inbox.shutdownWaiters
        }
        for idle in idleHandles { curl_easy_cleanup(idle.easy) }
        idleHandles.removeAll()
        _ = curl_multi_cleanup(multi)
        for waiter in waiters { waiter.resume() }
    }
}
