import Logging
import ServiceLifecycle
import SwitchboardCore

/// The worker shell every outbox runs on (the ``Dispatcher``'s sends, the subscriber router's deliveries).
///
/// Each round it reads due items (``OutboxWorkload/due(now:limit:claims:)``) leaving out the ones it holds in
/// memory, and starts each one the workload allows in a discarding task group bounded by
/// ``OutboxWorkerSettings/concurrency``. Every item persists its own outcome as soon as it is known and frees its
/// slot: no item ever waits for another (a hanging attempt holds one slot, not a batch). With
/// ``OutboxWorkerSettings/perShare`` a share (a subscriber) holds at most that many slots, so one slow share cannot
/// fill them all. It sleeps on its ``WakeSignal`` (new work, a finished attempt) or until the next item is due.
///
/// On graceful shutdown it stops reading and lets the attempts in flight finish and persist.
public struct OutboxWorker<ID: Hashable & Sendable>: Sendable {
    public let settings: OutboxWorkerSettings
    let clock: WallClock
    /// Signalled when there may be work: something was queued, or an attempt finished.
    public let signal: WakeSignal
    private let claims = Locked(InFlight())
    private let stopping = Locked(false)

    private struct InFlight {
        var ids: [ID: String?] = [:]
        var shares: [String: Int] = [:]
    }

    public init(settings: OutboxWorkerSettings, clock: WallClock = WallClock(), signal: WakeSignal = WakeSignal()) {
        self.settings = settings
        self.clock = clock
        self.signal = signal
    }

    /// Attempts in flight now.
    public var inFlight: Int { claims.withLock { $0.ids.count } }

    /// Tells the worker new work may be due.
    public func wake() { signal.signal() }

    /// Runs `work` until graceful shutdown (or cancellation), after `recover` (taking back what a stopped
    /// process left in flight).
    public func run<W: OutboxWorkload>(_ work: W, logger: Logger, recover: @Sendable () async -> Void = {}) async where W.ID == ID {
        await withGracefulShutdownHandler {
            await recover()
            await withDiscardingTaskGroup { group in
                while !stopping.withLock({ $0 }) && !Task.isCancelled {
                    await round(work, logger: logger, group: &group)
                }
            }
        } onGracefulShutdown: {
            stopping.withLock { $0 = true }
            signal.signal()
        }
    }

    private func round<W: OutboxWorkload>(_ work: W, logger: Logger, group: inout DiscardingTaskGroup) async where W.ID == ID {
        let (inFlight, current) = claims.withLock { claims in
            let full = settings.perShare.map { cap in Set(claims.shares.filter { $0.value >= cap }.keys) } ?? []
            return (claims.ids.count, OutboxClaims(ids: Set(claims.ids.keys), fullShares: full))
        }
        let free = settings.concurrency - inFlight
        // Near saturation, refill in batches: a round per finished attempt would read the queue (and pass every
        // id in flight to it) once per item.
        let refill = inFlight == 0 ? 1 : max(1, min(settings.batchSize, settings.concurrency) / 4)
        guard free >= refill else {
            await signal.wait(timeout: settings.pollInterval)
            return
        }
        let now = clock.now
        let limit = min(free, settings.batchSize)
        let due: OutboxDue<W.Item>
        do {
            due = try await work.due(now: now, limit: limit, claims: current)
        } catch {
            logger.error("could not read the outbox", metadata: ["switchboard.error": "\(error)"])
            await signal.wait(timeout: settings.pollInterval)
            return
        }
        var wakeAt = due.nextDueAt
        var started = 0
        for item in due.items {
            let id = work.id(of: item)
            let share = work.share(of: item)
            guard claim(id, share: share) else { continue }
            switch await work.start(item, now: now) {
            case .run(let body):
                started += 1
                group.addTask {
                    await body()
                    self.release(id, share: share)
                    self.signal.signal()
                }
            case .wait(let until):
                release(id, share: share)
                if wakeAt.map({ until < $0 || $0 <= now }) ?? true { wakeAt = until }
            case .skip:
                release(id, share: share)
            }
        }
        if started > 0 && due.items.count >= limit { return }
        var timeout = settings.pollInterval
        if let wakeAt {
            let until = now.duration(to: wakeAt)
            if until < timeout { timeout = max(until, .milliseconds(1)) }
        }
        await signal.wait(timeout: timeout)
    }

    /// Holds `id` in memory (and a slot of its share); `false` when it is already held or its share is full.
    private func claim(_ id: ID, share: String?) -> Bool {
        claims.withLock { claims in
            guard claims.ids[id] == nil else { return false }
            if let share, let cap = settings.perShare, claims.shares[share, default: 0] >= cap { return false }
            claims.ids[id] = share
            if let share { claims.shares[share, default: 0] += 1 }
            return true
        }
    }

    private func release(_ id: ID, share: String?) {
        claims.withLock { claims in
            guard claims.ids.removeValue(forKey: id) != nil, let share else { return }
            let left = claims.shares[share, default: 1] - 1
            claims.shares[share] = left > 0 ? left : nil
        }
    }
}
