import Foundation
import SwitchboardQueue

/// The totals of a chaos run and every broken guarantee, in words (``problems`` empty: all held).
public struct ChaosReport: Sendable, CustomStringConvertible {
    /// One message the mock accepted more than once.
    public struct Duplicate: Sendable {
        public var tag: String
        public var messageID: String
        /// Requests the mock answered with success for it.
        public var deliveries: Int
        /// Whether the store holds an attempt of it started by a process killed with SIGKILL that never recorded its
        /// outcome, for each extra delivery (the documented ambiguous case).
        public var ambiguous: Bool
        /// The message's attempts without an outcome.
        public var abandoned: [OutboundAttemptStart]
    }

    public var nodes = 0
    public var webhooksPosted = 0
    public var webhooksAcknowledged = 0
    /// Webhook posts that were not answered 200 (refused connections to a dead node, ...) and were retried.
    public var webhookRetries = 0
    /// Distinct `delivered` status webhooks (one per sent message, each posted twice to two nodes).
    public var statusWebhooks = 0
    /// Events in the store: one per acknowledged message webhook and one per status webhook.
    public var eventsStored = 0
    public var subscriberRequests = 0
    public var subscriberDistinctEvents = 0
    public var sendsAccepted = 0
    public var sendsRefused = 0
    public var sendRetries = 0
    /// Accepted sends the mock answered with success at least once.
    public var sendsDelivered = 0
    /// Requests the mock answered with a fault (5xx, 429).
    public var providerFaults = 0
    public var duplicates: [Duplicate] = []
    /// Attempts the store holds without an outcome (their process was killed), whether or not the provider got
    /// them: each may be a duplicate.
    public var abandonedAttempts = 0
    /// The accepted messages' ids.
    public var acceptedIDs: [String] = []
    /// The processes killed with SIGKILL.
    public var killedPIDs: [Int32] = []
    public var walletBalance = ""
    public var walletHeld = ""
    public var expectedBalance = ""
    /// From the killed node's restart to its `/readyz` answering 200.
    public var restartToReady: Duration = .zero
    /// From the kill to every accepted send delivered and every event at the subscriber.
    public var killToDrained: Duration = .zero
    public var totalTime: Duration = .zero
    /// Every broken guarantee; empty when all held.
    public var problems: [String] = []

    public var description: String {
        let doubled = duplicates.filter(\.ambiguous).count
        return """
            nodes: \(nodes)
            webhooks: posted \(webhooksPosted), acknowledged \(webhooksAcknowledged), retried posts \(webhookRetries); statuses \(statusWebhooks) (each posted twice); events stored \(eventsStored)
            subscriber: \(subscriberRequests) requests, \(subscriberDistinctEvents) distinct events
            sends: accepted \(sendsAccepted), refused \(sendsRefused), retried posts \(sendRetries); delivered \(sendsDelivered), \
            duplicated \(duplicates.count) (ambiguous: \(doubled)); provider faults answered \(providerFaults); \
            attempts without an outcome \(abandonedAttempts)
            wallet: balance \(walletBalance) (expected \(expectedBalance)), held \(walletHeld)
            recovery: restart → ready \(Self.seconds(restartToReady)), kill → drained \(Self.seconds(killToDrained)); \
            run \(Self.seconds(totalTime))
            problems: \(problems.isEmpty ? "none" : "\n  " + problems.joined(separator: "\n  "))
            """
    }

    static func seconds(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return String(format: "%.2f s", Double(milliseconds) / 1000)
    }
}
