import Foundation

/// The single writer of the SQLite store: a dedicated thread owning the write connection.
///
/// Group commit: the thread drains every request queued since the last transaction, runs them all
/// in one `BEGIN IMMEDIATE … COMMIT` (each inside its own savepoint, so one failing request does not
/// undo the others), and resumes each caller only after that commit returned. With
/// `synchronous=FULL` that is one fsync per group instead of one per request.
///
/// Background writes gather under load. A request is *urgent* (the default: a webhook or an API call waits
/// for it) or not (the dispatcher's send outcomes, the router's delivery results: nobody waits on the
/// other side). When the queue holds only background requests and the previous group held several
/// (requests arrive faster than a commit takes), the thread waits up to ``gatherWindow`` for the queue to
/// reach twice that size, or for an urgent request, before it commits. Larger groups write each shared
/// page (table tails, index pages) once and pay one fsync for more requests.
///
/// Urgent requests wait only at a steady moderate rate (a commit delay, as PostgreSQL's `commit_delay`): when
/// the queue is short and at least two more arrivals are due within 500 µs, the thread holds the group that
/// long at most (``gatherUrgent()``). Idle or sparse traffic and long queues never wait.
///
/// With a ``SQLiteCheckpointer`` the WAL is copied back into the database file on another thread; this
/// thread only finishes each pass with a short checkpoint of its own (see the checkpointer).
final class SQLiteWriter: @unchecked Sendable {
    /// One queued unit of work; `run` executes on the writer thread inside the group's transaction.
    private struct Request {
        var run: (SQLiteConnection) throws(StoreError) -> Void
        var finish: (StoreError?) -> Void
    }

    /// Gathering starts when the last group held at least this many requests (two can be chance at light load).
    static let gatherThreshold = 3
    /// Gathering stops growing groups beyond this size.
    static let maxGatherTarget = 512
    /// The longest an urgent request waits for company (see ``gatherUrgent()``).
    static let urgentWindowNanoseconds: UInt64 = 500_000
    /// Urgent requests gather only while the queue is shorter than this when the thread picks it up.
    static let urgentGatherBelow = 4

    private let connection: SQLiteConnection
    private let condition = NSCondition()
    private var queue: [Request] = []
    private var stopping = false
    private var stopped = false
    private var stopWaiters: [CheckedContinuation<Void, Never>] = []
    private var transactionCount = 0
    /// Size of the last committed group (the load signal for gathering).
    private var lastGroupSize = 0
    /// Whether the queue holds an urgent request (gathering never holds those).
    private var urgentQueued = false
    /// While gathering, the queue size at which an enqueue wakes the thread (otherwise only the first does).
    private var gatherTarget = Int.max
    /// Whether the thread is holding urgent requests for company (an urgent enqueue then does not wake it).
    private var holdingUrgent = false
    /// Arrival time of the last request (monotonic nanoseconds) and the mean time between arrivals (an
    /// exponentially weighted average): the rate that says whether company is coming.
    private var lastArrival: UInt64 = 0
    private var meanInterArrival: Double = .infinity
    private var requestCount = 0
    /// Called on the writer thread after each successful commit.
    private let onCommit: @Sendable () -> Void
    /// Background checkpoints (nil: SQLite's automatic checkpoint inside the commit).
    private let checkpointer: SQLiteCheckpointer?
    /// The WAL's size after the last commit (recorded by a WAL hook when ``checkpointer`` is set).
    private let walFrames = WALFrameCount()
    /// Counts WAL generations: a new round starts each time the WAL is found below the checkpoint threshold.
    private var walRound = 0
    private var walAboveThreshold = false
    private var catchUpCount = 0
    /// The longest a gathering group waits for more requests.
    let gatherWindow: TimeInterval

    init(
        connection: SQLiteConnection, gatherWindow: TimeInterval = 0.001, checkpointer: SQLiteCheckpointer? = nil,
        onCommit: @escaping @Sendable () -> Void
    ) {
        self.connection = connection
        self.gatherWindow = gatherWindow
        self.checkpointer = checkpointer
        self.onCommit = onCommit
        if checkpointer != nil { walFrames.install(on: connection) }
        Thread.startNamed("sb-sqlite-write") { [self] in loop() }
    }

    /// Transactions committed and requests served so far.
    var statistics: (transactions: Int, requests: Int) {
        condition.lock()
        defer { condition.unlock() }
        return (transactionCount, requestCount)
    }

    /// Background checkpoint passes run so far.
    var checkpointPasses: Int { checkpointer?.passes ?? 0 }

    /// Checkpoints this thread ran itself to finish a background pass.
    var checkpointCatchUps: Int {
        condition.lock()
        defer { condition.unlock() }
        return catchUpCount
    }

    /// Runs `work` in the next group's transaction; returns once that transaction committed. A request that is
    /// not `urgent` may wait up to ``gatherWindow`` for company under load.
    func perform<T: Sendable>(urgent: Bool = true, _ work: @escaping (SQLiteConnection) throws(StoreError) -> T)
        async throws(StoreError) -> T
    {
        let result: Result<T, StoreError> = await withCheckedContinuation { continuation in
            submit(urgent: urgent, work) { continuation.resume(returning: $0) }
        }
        return try result.get()
    }

    /// Runs `work` in the next group's transaction and calls `completion` on the writer thread once that
    /// transaction committed (or failed). `completion` must return quickly: the rest of the group waits for it.
    func submit<T: Sendable>(
        urgent: Bool = true, _ work: @escaping (SQLiteConnection) throws(StoreError) -> T,
        completion: @escaping (Result<T, StoreError>) -> Void
    ) {
        let box = ResultBox<T>()
        let request = Request(
            run: { connection throws(StoreError) in box.value = try work(connection) },
            finish: { error in
                if let error {
                    completion(.failure(error))
                } else if let value = box.value {
                    completion(.success(value))
                } else {
                    completion(.failure(StoreError(code: .sqlite, message: "no result")))
                }
            })
        condition.lock()
        if stopping {
            condition.unlock()
            request.finish(StoreError(code: .closed, message: "the store is closed"))
            return
        }
        queue.append(request)
        let now = DispatchTime.now().uptimeNanoseconds
        if lastArrival > 0 {
            let gap = Double(now &- lastArrival)
            meanInterArrival = meanInterArrival.isFinite ? meanInterArrival * 0.875 + gap * 0.125 : gap
        }
        lastArrival = now
        if urgent { urgentQueued = true }
        if queue.count >= gatherTarget || (!holdingUrgent && (queue.count == 1 || urgent)) { condition.signal() }
        condition.unlock()
    }

    /// Commits everything queued, then stops the thread. Later requests fail with `closed`.
    func stop() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            condition.lock()
            stopping = true
            if stopped {
                condition.unlock()
                continuation.resume()
                return
            }
            stopWaiters.append(continuation)
            condition.signal()
            condition.unlock()
        }
    }

    private func loop() {
        Self.raisePriority()
        while true {
            condition.lock()
            while queue.isEmpty && !stopping { condition.wait() }
            if queue.isEmpty && stopping {
                condition.unlock()
                checkpointer?.stop()
                condition.lock()
                stopped = true
                let waiters = stopWaiters
                stopWaiters.removeAll()
                condition.unlock()
                for waiter in waiters { waiter.resume() }
                return
            }
            if !urgentQueued && lastGroupSize >= Self.gatherThreshold && !stopping {
                gather()
            } else if urgentQueued && !stopping {
                gatherUrgent()
            }
            let group = queue
            queue.removeAll(keepingCapacity: true)
            urgentQueued = false
            lastGroupSize = group.count
            condition.unlock()
            commit(group)
            maintainWAL()
        }
    }

    /// After a commit: asks the checkpointer for a pass once the WAL reached its threshold, and finishes a pass
    /// the checkpointer completed with a short checkpoint here, so the next transaction restarts the WAL.
    private func maintainWAL() {
        guard let checkpointer else { return }
        guard walFrames.frames >= checkpointer.threshold else {
            if walAboveThreshold {
                walAboveThreshold = false
                walRound += 1
            }
            return
        }
        walAboveThreshold = true
        if checkpointer.takeFinishedPass(round: walRound) {
            SQLiteCheckpointer.passiveCheckpoint(connection.handle)
            condition.lock()
            catchUpCount += 1
            condition.unlock()
        } else {
            checkpointer.request(round: walRound)
        }
    }

    /// Commit delay for urgent requests at a steady moderate rate: when the queue is short but requests arrive
    /// faster than one per half window, waits up to ``urgentWindowNanoseconds`` for the arrivals expected
    /// in that time (at most 8 more). Each request then shares its commit (the WAL pages, the fsync, the
    /// wake-ups) with a few others instead of paying one alone: at a few thousand webhooks per second a group
    /// of one costs the writer several times the CPU per request of a group of eight. Idle or sparse traffic
    /// (no company expected) and a long queue (a group is already there) never wait.
    private func gatherUrgent() {
        guard let target = Self.urgentGatherTarget(queued: queue.count, meanInterArrival: meanInterArrival) else { return }
        gatherTarget = target
        holdingUrgent = true
        let deadline = Date(timeIntervalSinceNow: Double(Self.urgentWindowNanoseconds) / 1e9)
        while queue.count < gatherTarget && !stopping && condition.wait(until: deadline) {}
        holdingUrgent = false
        gatherTarget = Int.max
    }

    /// The queue size worth waiting for (see ``gatherUrgent()``), or `nil` to commit now: the arrivals expected
    /// within the window at the mean time between arrivals (nanoseconds), at most 8 more, when at least two
    /// are expected and fewer than ``urgentGatherBelow`` requests are queued.
    static func urgentGatherTarget(queued: Int, meanInterArrival: Double) -> Int? {
        guard queued < urgentGatherBelow, meanInterArrival.isFinite, meanInterArrival > 0 else { return nil }
        let expected = Double(urgentWindowNanoseconds) / meanInterArrival
        guard expected >= 2 else { return nil }
        return queued + min(Int(expected), 8)
    }

    /// Waits (the condition's lock is held between waits) until the queue reaches twice the last group's
    /// size, an urgent request arrives, the window passes, or the store stops.
    private func gather() {
        gatherTarget = min(lastGroupSize * 2, Self.maxGatherTarget)
        let deadline = Date(timeIntervalSinceNow: gatherWindow)
        while queue.count < gatherTarget && !urgentQueued && !stopping && condition.wait(until: deadline) {}
        gatherTarget = Int.max
    }

    /// Runs the group in one transaction. First without savepoints (nearly every group succeeds whole);
    /// when a request fails, the transaction is rolled back and the group runs again with one savepoint
    /// per request, so the failing request is undone alone and the others still commit. Request bodies
    /// only touch the database and their own result, so running one twice is safe.
    private func commit(_ group: [Request]) {
        do {
            try connection.run("BEGIN IMMEDIATE")
            var failed = false
            for request in group {
                do {
                    try request.run(connection)
                } catch {
                    failed = true
                    break
                }
            }
            if !failed {
                connection.resetAll()
                try connection.run("COMMIT")
                finish(group, outcomes: [StoreError?](repeating: nil, count: group.count))
                return
            }
            // Anything the requests cached in memory may describe rows about to be rolled back.
            connection.conversationCache.removeAll()
            connection.resetAll()
            try connection.run("ROLLBACK")
        } catch {
            abort(group, error)
            return
        }
        commitWithSavepoints(group)
    }

    private func commitWithSavepoints(_ group: [Request]) {
        var outcomes = [StoreError?](repeating: nil, count: group.count)
        do {
            try connection.run("BEGIN IMMEDIATE")
            for (index, request) in group.enumerated() {
                try connection.run("SAVEPOINT request")
                do {
                    try request.run(connection)
                    try connection.run("RELEASE request")
                } catch {
                    outcomes[index] = error
                    // Anything the request cached in memory may describe rows just rolled back.
                    connection.conversationCache.removeAll()
                    try connection.run("ROLLBACK TO request")
                    try connection.run("RELEASE request")
                }
            }
            connection.resetAll()
            try connection.run("COMMIT")
        } catch {
            abort(group, error)
            return
        }
        finish(group, outcomes: outcomes)
    }

    /// The transaction itself failed (BEGIN, COMMIT, or a savepoint): every request of the group gets the error.
    private func abort(_ group: [Request], _ error: StoreError) {
        connection.conversationCache.removeAll()
        connection.resetAll()
        try? connection.execute("ROLLBACK")
        for request in group { request.finish(error) }
    }

    private func finish(_ group: [Request], outcomes: [StoreError?]) {
        condition.lock()
        transactionCount += 1
        requestCount += group.count
        condition.unlock()
        for (request, outcome) in zip(group, outcomes) { request.finish(outcome) }
        onCommit()
    }
}

extension SQLiteWriter {
    /// Every webhook and every send waits for this thread's commit, so it must not queue for a core behind
    /// the threads that feed it: on Linux it asks for the lowest real-time round-robin priority (it never
    /// spins, it sleeps on its condition between groups). Without the privilege it keeps the normal policy.
    static func raisePriority() {
        #if os(Linux)
            var parameters = sched_param()
            parameters.sched_priority = 1
            _ = pthread_setschedparam(pthread_self(), Int32(SCHED_RR), &parameters)
        #endif
    }
}

/// Carries a request's result from the writer thread to its continuation.
private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
