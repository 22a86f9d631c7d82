import Foundation
import SwitchboardCore
import SwitchboardPostgres
import SwitchboardQueue
import SwitchboardStore

// postgres-load: appends/s and outbound claims/s with two nodes (two PostgresEventStore instances, as two
// gateway processes would hold) on one fresh schema. See README.md.
//
// Usage: postgres-load <postgres-url> [seconds=5] [workers-per-node=8]

/// The benchmark (see README.md).
@main
struct PostgresLoad {
    /// A usage error.
    struct ExitCode: Error {}

    /// An inbound WhatsApp message (one per append, 1 000 conversations).
    static func event(_ index: Int, worker: String) -> EventRecord {
        var event = CanonicalEvent(
            kind: .message, channel: .whatsapp, provider: .meta, account: "106540352242922", timestamp: Timestamp(seconds: 1_714_564_800),
            contact: Contact(id: "3160\(index % 1000)"), providerMessageID: "wamid.\(worker).\(index)", content: .text("load \(index)"))
        event.assignID(key: "\(worker).\(index)")
        return EventRecord(event: event, connection: "wa", subscribers: ["crm"])
    }

    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count >= 2 else {
            FileHandle.standardError.write(Data("usage: postgres-load <postgres-url> [seconds=5] [workers-per-node=8]\n".utf8))
            throw ExitCode()
        }
        let seconds = arguments.count > 2 ? Int(arguments[2]) ?? 5 : 5
        let workers = arguments.count > 3 ? Int(arguments[3]) ?? 8 : 8
        var configuration = try PostgresStoreConfiguration(url: arguments[1])
        configuration.schema = "load_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        configuration.maximumConnections = workers
        let nodes = [
            try await PostgresEventStore(configuration: configuration), try await PostgresEventStore(configuration: configuration),
        ]

        // 1. Appends: `workers` concurrent appenders per node, one event per call (one webhook each).
        let appended = Counter()
        let appendStart = ContinuousClock.now
        let appendEnd = appendStart + .seconds(seconds)
        await withTaskGroup(of: Void.self) { group in
            for (nodeIndex, node) in nodes.enumerated() {
                for worker in 0..<workers {
                    group.addTask {
                        var index = 0
                        while ContinuousClock.now < appendEnd {
                            _ = try? await node.append([event(index, worker: "\(nodeIndex)-\(worker)")], receivedAt: Timestamp(Date()))
                            index += 1
                            appended.add(1)
                        }
                    }
                }
            }
        }
        let appendRate = Double(appended.total) / Double(seconds)

        // 2. Outbound: enqueue, then both nodes claim (dueOutbound) and record the send (applyOutbound) as fast as they can.
        let messages = max(2000, Int(appendRate) * 2)
        let enqueueStart = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<(workers * 2) {
                group.addTask {
                    var index = worker
                    while index < messages {
                        let contact = "3170\(index % 2000)"
                        let message = OutboundMessage(
                            channel: .whatsapp, account: "106540352242922", to: contact,
                            content: MessageContent(type: .text, text: "m\(index)"))
                        _ = try? await nodes[worker % 2].enqueueOutbound(
                            NewOutboundMessage(
                                id: "msg_load_\(index)", connection: "wa", conversation: message.conversation, recipient: contact,
                                apiKeyID: "k",
                                idempotencyKey: nil, requestHash: "h", businessInitiated: false, message: message.json, decision: .null,
                                createdAt: Timestamp(Date())))
                        index += workers * 2
                    }
                }
            }
        }
        let enqueueRate = Double(messages) / Double((ContinuousClock.now - enqueueStart).components.seconds + 1)
        let claimed = Counter()
        let twice = Counter()
        let claimStart = ContinuousClock.now
        // One claimer per node, as one Dispatcher per gateway process: a batch claimed, its outcomes written in
        // one transaction (the dispatcher writes one per send; this measures the store, not the sends).
        await withTaskGroup(of: Void.self) { group in
            for (nodeIndex, node) in nodes.enumerated() {
                group.addTask {
                    while claimed.total + twice.total < messages {
                        guard let due = try? await node.dueOutbound(now: Timestamp(Date()), limit: 32, excluding: []),
                            !due.records.isEmpty
                        else {
                            try? await Task.sleep(for: .milliseconds(2))
                            continue
                        }
                        let transitions = due.records.map { record in
                            OutboundTransition(
                                id: record.id, expectedState: record.state, expectedAttempts: record.attempts, state: .sent, attempts: 1,
                                nextAttemptAt: Timestamp(Date()), providerMessageID: "wamid.out.\(nodeIndex).\(record.id)",
                                deliveryStatus: .sent, history: OutboundHistoryEntry(status: "sent", at: Timestamp(Date())))
                        }
                        let applied = (try? await node.applyOutbound(transitions)) ?? []
                        claimed.add(applied.filter { $0 }.count)
                        twice.add(applied.filter { !$0 }.count)
                    }
                }
            }
        }
        let claimSeconds =
            Double((ContinuousClock.now - claimStart).components.attoseconds) / 1e18
            + Double((ContinuousClock.now - claimStart).components.seconds)
        print("postgres-load: 2 nodes, \(workers) connections each, schema \(configuration.schema ?? "")")
        print(
            String(format: "appends:  %.0f/s (%d single-event appends in %d s, one transaction each)", appendRate, appended.total, seconds))
        print(String(format: "enqueue:  ~%.0f/s (%d messages)", enqueueRate, messages))
        print(
            String(
                format: "claims:   %.0f/s (claim + sent transition, %d messages, %.2f s; claimed twice: %d)",
                Double(claimed.total) / claimSeconds, claimed.total, claimSeconds, twice.total))
        for node in nodes { await node.close() }
    }
}
