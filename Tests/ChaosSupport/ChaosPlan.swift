import Foundation
import SwitchboardMockFaults

/// What a chaos run does: how many gateway processes share which store, the load, the provider's faults and the
/// crashes (``ChaosRun``).
public struct ChaosPlan: Sendable {
    /// Where the gateways keep their state.
    public enum Store: Sendable {
        /// One SQLite file (one process).
        case sqlite
        /// A fresh schema of the PostgreSQL database at this URL, shared by every process.
        case postgres(url: String)
    }

    /// Gateway processes (`switchboard serve`), each on its own port.
    public var nodes: Int
    public var store: Store
    /// Conversations receiving inbound webhooks; each gets ``webhooksPerConversation`` in order, one at a time.
    public var conversations: Int
    public var webhooksPerConversation: Int
    /// Agent sends (`POST /v1/messages`), each with its own `Idempotency-Key` and a unique tag the mock sees.
    public var sends: Int
    /// Conversations the sends are spread over (several sends per conversation: they keep their queue order).
    public var sendConversations: Int
    /// Sends in flight at once from the load generator.
    public var sendConcurrency: Int
    /// The mock provider's faults (30% 5xx and some 429s in the tests).
    public var faults: MockFaultPlan
    /// The node killed with SIGKILL once ``killAfter`` of the webhooks were acknowledged, then restarted.
    public var killedNode: Int
    /// Share of the webhooks acknowledged before the kill.
    public var killAfter: Double
    /// How long the killed node stays down before its restart.
    public var downtime: Duration
    /// The node stopped with SIGTERM (not restarted) once ``terminateAfter`` of the webhooks were acknowledged;
    /// `nil` for none (a single node).
    public var terminatedNode: Int?
    public var terminateAfter: Double
    /// `claim_lease_ms` on PostgreSQL: how long a dead node's claims hold their messages and deliveries.
    public var claimLeaseMilliseconds: Int
    /// How long the whole run may take before it gives up waiting.
    public var deadline: Duration

    /// Three processes on one PostgreSQL schema: one killed with SIGKILL mid-load and restarted, another stopped
    /// with SIGTERM; the mock failing 30% of sends with 5xx and 5% with 429.
    public static func postgres(url: String, scale: Int = 1) -> ChaosPlan {
        ChaosPlan(
            nodes: 3, store: .postgres(url: url), conversations: 12 * scale, webhooksPerConversation: 12, sends: 150 * scale,
            sendConversations: 30 * scale, sendConcurrency: 12, faults: defaultFaults, killedNode: 0, killAfter: 0.3,
            downtime: .seconds(1), terminatedNode: 1, terminateAfter: 0.6, claimLeaseMilliseconds: 10000, deadline: .seconds(100))
    }

    /// One process on a SQLite file, killed with SIGKILL mid-load and restarted.
    public static func sqlite(scale: Int = 1) -> ChaosPlan {
        ChaosPlan(
            nodes: 1, store: .sqlite, conversations: 8 * scale, webhooksPerConversation: 10, sends: 80 * scale,
            sendConversations: 16 * scale, sendConcurrency: 8, faults: defaultFaults, killedNode: 0, killAfter: 0.4,
            downtime: .milliseconds(500), terminatedNode: nil, terminateAfter: 1, claimLeaseMilliseconds: 3000,
            deadline: .seconds(60))
    }

    /// 30% of sends answered 503, 5% 429 (`Retry-After: 1`), every answer 20 ms late (so sends are in flight when a
    /// process dies).
    public static let defaultFaults = MockFaultPlan(
        seed: 22, serverErrorRate: 0.3, serverErrorStatus: 503, rateLimitRate: 0.05, retryAfterSeconds: 1, delay: .milliseconds(20))
}
