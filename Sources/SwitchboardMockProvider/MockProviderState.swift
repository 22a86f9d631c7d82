import Foundation
import SwitchboardCore

/// The mock's mutable state, shared by every connection: the fault plan and its draw counter, the
/// request counter and the request log. All access goes through one lock; nothing is held across
/// an `await`.
final class MockProviderState: Sendable {
    private struct Guarded {
        var plan: MockFaultPlan
        /// Requests decided since the plan was set (the draw position).
        var faultSequence: UInt64 = 0
        /// Requests received since start (ids and recording order).
        var sequence: UInt64 = 0
        var log: [MockRecordedRequest] = []
        var shuttingDown = false
    }

    private let guarded: Locked<Guarded>
    /// Most requests kept in the log; older ones are dropped first.
    let maxRecorded: Int
    /// Per-instance salt for ids.
    let salt: UInt64

    init(plan: MockFaultPlan, maxRecorded: Int) {
        guarded = Locked(Guarded(plan: plan))
        self.maxRecorded = max(0, maxRecorded)
        salt = UInt64.random(in: 0...UInt64.max)
    }

    var plan: MockFaultPlan { guarded.withLock { $0.plan } }

    /// Replaces the plan and restarts its draws, so a seeded plan behaves the same every time it is set.
    func setPlan(_ plan: MockFaultPlan) {
        guarded.withLock {
            $0.plan = plan
            $0.faultSequence = 0
        }
    }

    /// The next request number (from 1).
    func nextSequence() -> UInt64 {
        guarded.withLock {
            $0.sequence += 1
            return $0.sequence
        }
    }

    /// Draws the decision for the next send request under the current plan.
    func decide(family: MockProviderFamily, recipient: String?) -> MockFaultDecision {
        guarded.withLock {
            let position = $0.faultSequence
            $0.faultSequence += 1
            return $0.plan.decide(sequence: position, family: family, recipient: recipient)
        }
    }

    func record(_ request: MockRecordedRequest) {
        guard maxRecorded > 0 else { return }
        guarded.withLock {
            $0.log.append(request)
            if $0.log.count > maxRecorded { $0.log.removeFirst(max(1, maxRecorded / 10)) }
        }
    }

    func recorded() -> [MockRecordedRequest] { guarded.withLock { $0.log } }

    func clearRecorded() { guarded.withLock { $0.log.removeAll(keepingCapacity: true) } }

    var isShuttingDown: Bool { guarded.withLock { $0.shuttingDown } }

    func beginShutdown() { guarded.withLock { $0.shuttingDown = true } }
}
