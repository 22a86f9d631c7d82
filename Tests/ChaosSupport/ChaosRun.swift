import Foundation
import Logging
import PostgresNIO
import SwitchboardCore
import SwitchboardCurl
import SwitchboardMockProvider
import SwitchboardPostgres
import SwitchboardQueue
import SwitchboardServer
import SwitchboardStore
import TestSupport

/// A chaos run: ``ChaosPlan/nodes`` real `switchboard serve` processes (``GatewayCluster``) on one store, the
/// in-process ``MockProvider`` failing sends by plan, a loopback subscriber, signed webhooks and agent sends spread
/// over the nodes while one node is killed with SIGKILL (and restarted) and another stopped with SIGTERM. Then it
/// counts, from the store, the subscriber, the mock and the agent API, what was acknowledged, stored, delivered and
/// sent, and lists every guarantee that did not hold (``ChaosReport/problems``).
public enum ChaosRun {
    public static func run(_ plan: ChaosPlan, note: @escaping @Sendable (String) -> Void = { _ in }) async throws -> ChaosReport {
        let started = ContinuousClock.now
        let mock = MockProvider(configuration: .init(faults: plan.faults, maxRecordedRequests: 1_000_000))
        try await mock.start()
        let subscriber = try LoopbackHTTPServer { _ in .text("ok") }
        let schema = "chaos_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-chaos-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let sqlitePath = folder.appendingPathComponent("switchboard.db").path
        let storeBlock = ChaosConfiguration.store(
            plan.store, schema: schema, sqlitePath: sqlitePath, claimLeaseMilliseconds: plan.claimLeaseMilliseconds)
        let cluster = try GatewayCluster(nodes: plan.nodes) { _, port in
            ChaosConfiguration.yaml(port: port, store: storeBlock, mockURL: mock.baseURL ?? "", subscriberURL: subscriber.url("/events"))
        }
        let transport = CurlTransport()
        do {
            let report = try await run(plan, cluster: cluster, mock: mock, subscriber: subscriber, transport: transport, note: note)
            var final = report
            try await countStored(into: &final, store: plan.store, schema: schema, sqlitePath: sqlitePath)
            if final.problems.isEmpty {
                try? FileManager.default.removeItem(at: cluster.folder)
            } else {
                note("the nodes' logs are kept in \(cluster.folder.path)")
            }
            final.totalTime = ContinuousClock.now - started
            await cleanUp(plan.store, schema: schema, folder: folder, cluster: cluster, mock: mock, transport: transport)
            subscriber.stop()
            return final
        } catch {
            note(cluster.logs)
            await cleanUp(plan.store, schema: schema, folder: folder, cluster: cluster, mock: mock, transport: transport)
            subscriber.stop()
            throw error
        }
    }

    static func run(
        _ plan: ChaosPlan, cluster: GatewayCluster, mock: MockProvider, subscriber: LoopbackHTTPServer, transport: CurlTransport,
        note: @escaping @Sendable (String) -> Void
    ) async throws -> ChaosReport {
        try await cluster.start()
        note("\(plan.nodes) gateways ready on ports \(cluster.nodes.map(\.port))")
        let load = ChaosLoad(
            transport: transport, cluster: cluster, deadline: ContinuousClock.now + plan.deadline, progress: Locked(ChaosProgress()))
        let totalWebhooks = plan.conversations * plan.webhooksPerConversation
        let timings = Locked((killedAt: ContinuousClock.now, restartToReady: Duration.zero))
        let nextSend = Locked(0)
        let killedPIDs = Locked([Int32]())
        try await withThrowingTaskGroup(of: Void.self) { group in
            for conversation in 0..<plan.conversations {
                group.addTask {
                    try await load.postConversation(conversation, count: plan.webhooksPerConversation, firstNode: conversation)
                }
            }
            for _ in 0..<plan.sendConcurrency {
                group.addTask {
                    while true {
                        let index = nextSend.withLock { next -> Int? in
                            guard next < plan.sends else { return nil }
                            defer { next += 1 }
                            return next
                        }
                        guard let index else { return }
                        try await load.postSend(index, conversations: plan.sendConversations)
                    }
                }
            }
            group.addTask {
                try await waitFor(load, share: plan.killAfter, of: totalWebhooks)
                let node = cluster.nodes[plan.killedNode]
                let pid = node.pid ?? 0
                try node.kill()
                let killedAt = ContinuousClock.now
                killedPIDs.withLock { $0.append(pid) }
                note("killed node \(plan.killedNode) (pid \(pid)) with SIGKILL")
                try await Task.sleep(for: plan.downtime)
                let restart = ContinuousClock.now
                try await node.restart()
                timings.withLock { $0 = (killedAt, ContinuousClock.now - restart) }
                note("restarted node \(plan.killedNode): ready after \(ChaosReport.seconds(ContinuousClock.now - restart))")
            }
            if let terminated = plan.terminatedNode {
                group.addTask {
                    try await waitFor(load, share: plan.terminateAfter, of: totalWebhooks)
                    let status = try await cluster.nodes[terminated].terminate()
                    note("stopped node \(terminated) with SIGTERM: exit status \(status)")
                    if status != 0 {
                        throw LoopbackError("node \(terminated) exited with \(status) after SIGTERM:\n\(cluster.nodes[terminated].log)")
                    }
                }
            }
            try await group.waitForAll()
        }
        let progress = load.progress.withLock { $0 }
        note("load done: \(progress.webhooksAcknowledged) webhooks acknowledged, \(progress.accepted.count) sends accepted")

        // Drained: every accepted send answered with success by the mock and recorded `sent`, every event at the subscriber.
        let accepted = progress.accepted
        var report = ChaosReport()
        report.nodes = plan.nodes
        report.webhooksPosted = totalWebhooks
        report.webhooksAcknowledged = progress.webhooksAcknowledged
        report.webhookRetries = progress.webhookRetries
        report.sendsAccepted = accepted.count
        report.acceptedIDs = accepted.values.sorted()
        report.killedPIDs = killedPIDs.withLock { $0 }
        report.sendsRefused = progress.refused.count
        report.sendRetries = progress.sendRetries
        for (index, answer) in progress.refused.sorted(by: { $0.key < $1.key }).prefix(5) {
            report.problems.append("send \(index) refused: \(answer)")
        }
        let deadline = load.deadline
        var pending = Set(accepted.values)
        while ContinuousClock.now < deadline {
            let delivered = Set(Self.successes(mock).keys)
            let events = Set(Self.subscriberEvents(subscriber).map(\.text))
            if accepted.keys.allSatisfy({ delivered.contains(ChaosLoad.tag($0)) }) && events.count >= totalWebhooks {
                for id in pending {
                    if let (status, json) = await load.get("/v1/messages/\(id)"), status == 200, json["status"]?.string != "queued",
                        json["state"]?.string == "sent"
                    {
                        pending.remove(id)
                    }
                }
                if pending.isEmpty { break }
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        let killedAt = timings.withLock { $0.killedAt }
        report.killToDrained = ContinuousClock.now - killedAt
        report.restartToReady = timings.withLock { $0.restartToReady }
        if !pending.isEmpty { report.problems.append("\(pending.count) accepted sends not recorded sent: \(pending.sorted().prefix(5))") }

        try await count(into: &report, accepted: accepted, plan: plan, load: load, mock: mock, subscriber: subscriber)
        let statuses = try await cluster.stop(keepingFolder: true)
        if statuses.contains(where: { $0 != nil && $0 != 0 }) { report.problems.append("exit statuses after SIGTERM: \(statuses)") }
        return report
    }

    /// Counts what the mock, the subscriber and the API show, and checks every guarantee.
    static func count(
        into report: inout ChaosReport, accepted: [Int: String], plan: ChaosPlan, load: ChaosLoad, mock: MockProvider,
        subscriber: LoopbackHTTPServer
    ) async throws {
        let successes = Self.successes(mock)
        report.providerFaults = mock.recordedRequests().filter { $0.family != nil && $0.fault != "none" }.count
        report.sendsDelivered = accepted.keys.filter { successes[ChaosLoad.tag($0)] != nil }.count
        for (index, id) in accepted.sorted(by: { $0.key < $1.key }) {
            let tag = ChaosLoad.tag(index)
            switch successes[tag] ?? 0 {
            case 0: report.problems.append("send \(index) (\(id)) accepted, never received by the provider")
            case 1: break
            case let count:
                // Whether it is the ambiguous case is read from the store once every node stopped (countStored).
                report.duplicates.append(.init(tag: tag, messageID: id, deliveries: count, ambiguous: false, abandoned: []))
            }
        }
        let unknownTags = Set(successes.keys).subtracting(accepted.keys.map(ChaosLoad.tag))
        if !unknownTags.isEmpty { report.problems.append("the provider received sends nobody accepted: \(unknownTags.sorted().prefix(5))") }

        // Subscriber: every event at least once, per conversation first seen in order.
        let events = Self.subscriberEvents(subscriber)
        report.subscriberRequests = events.count
        report.subscriberDistinctEvents = Set(events.map(\.text)).count
        var seen: [Int: Int] = [:]
        for event in events {
            let last = seen[event.conversation] ?? 0
            if event.sequence <= last { continue }  // a redelivery of one already received
            if event.sequence != last + 1 {
                report.problems.append("conversation \(event.conversation): c\(event.conversation)-\(event.sequence) arrived after \(last)")
            }
            seen[event.conversation] = max(last, event.sequence)
        }
        for conversation in 0..<plan.conversations where seen[conversation] != plan.webhooksPerConversation {
            report.problems.append(
                "conversation \(conversation): the subscriber got up to \(seen[conversation] ?? 0) of \(plan.webhooksPerConversation)")
        }
        let unsigned = subscriber.requests.filter { $0.header("X-Switchboard-Signature") == nil }.count
        if unsigned > 0 { report.problems.append("\(unsigned) subscriber deliveries without a signature") }

        // The wallet: each sent message's `delivered` status (with pricing) posted twice, to two nodes, settles its
        // hold once; then every accepted send is charged once and nothing is held.
        let statuses = Locked(0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, id) in accepted {
                group.addTask {
                    guard let providerID = await load.get("/v1/messages/\(id)")?.json["provider_message_id"]?.string else { return }
                    statuses.withLock { $0 += 1 }
                    let body = ChaosLoad.deliveredStatus(
                        providerID: providerID, contact: ChaosLoad.recipient(index: index, conversations: plan.sendConversations))
                    try await load.postWebhook(body, firstNode: index)
                    try await load.postWebhook(body, firstNode: index + 1)
                }
            }
            try await group.waitForAll()
        }
        report.statusWebhooks = statuses.withLock { $0 }
        let opening = Int64(Double(ChaosConfiguration.openingBalance)! * 1_000_000)
        let expected = opening - Int64(accepted.count) * ChaosConfiguration.templatePriceMicros
        report.expectedBalance = String(format: "%.2f", Double(expected) / 1_000_000)
        var account = JSONValue.null
        for _ in 0..<50 {
            account = await load.get("/v1/connections/wa/account")?.json ?? .null
            if account["balance"]?.string == report.expectedBalance && account["held"]?.string == "0.00" { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        report.walletBalance = account["balance"]?.string ?? "?"
        report.walletHeld = account["held"]?.string ?? "?"
        if report.walletBalance != report.expectedBalance || report.walletHeld != "0.00" {
            report.problems.append(
                "wallet: balance \(report.walletBalance), held \(report.walletHeld); expected \(report.expectedBalance), held 0.00")
        }
    }

    /// Successful sends at the mock, by tag: how many requests it answered without a fault.
    static func successes(_ mock: MockProvider) -> [String: Int] {
        var counts: [String: Int] = [:]
        for request in mock.recordedRequests()
        where request.family != nil && request.fault == "none" && (200..<300).contains(request.status) {
            guard let components = request.jsonBody?["template"]?["components"]?.array,
                let tag = components.first?["parameters"]?.array?.first?["text"]?.string
            else { continue }
            counts[tag, default: 0] += 1
        }
        return counts
    }

    /// The subscriber's deliveries in arrival order, as `c<conversation>-<sequence>` texts.
    static func subscriberEvents(_ subscriber: LoopbackHTTPServer) -> [(text: String, conversation: Int, sequence: Int)] {
        subscriber.requests.compactMap { request in
            guard let text = (try? JSONParser.parse(request.body))?["content"]?["text"]?.string, text.hasPrefix("c") else { return nil }
            let parts = text.dropFirst().split(separator: "-")
            guard parts.count == 2, let conversation = Int(parts[0]), let sequence = Int(parts[1]) else { return nil }
            return (text, conversation, sequence)
        }
    }

    static func waitFor(_ load: ChaosLoad, share: Double, of total: Int) async throws {
        let target = Int(Double(total) * share)
        while load.progress.withLock({ $0.webhooksAcknowledged }) < target {
            guard ContinuousClock.now < load.deadline else { throw LoopbackError("the load never reached \(target) webhooks") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Reads the store once every node stopped: the events (each acknowledged webhook stored once) and the send
    /// attempts of every accepted message. A duplicate is the ambiguous case when its message has an attempt whose
    /// outcome was never recorded (``OutboundAttemptStart/abandoned(in:)``) started by a process killed with SIGKILL;
    /// an abandoned attempt of any other process (one stopped with SIGTERM finishes its sends) is a problem.
    static func countStored(into report: inout ChaosReport, store: ChaosPlan.Store, schema: String, sqlitePath: String) async throws {
        let opened = try await openStore(store, schema: schema, sqlitePath: sqlitePath)
        report.eventsStored = try await opened.eventCount()
        if report.eventsStored != report.webhooksAcknowledged + report.statusWebhooks {
            report.problems.append(
                "\(report.webhooksAcknowledged) messages and \(report.statusWebhooks) statuses acknowledged, \(report.eventsStored) events stored"
            )
        }
        let killed = Set(report.killedPIDs.map { "/\($0)" })
        let fromKilled = { (start: OutboundAttemptStart) in killed.contains { start.process.hasSuffix($0) } }
        for id in report.acceptedIDs {
            let attempts = try await opened.outboundAttempts(id: id)
            let abandoned = OutboundAttemptStart.abandoned(in: attempts)
            report.abandonedAttempts += abandoned.count
            if let other = abandoned.first(where: { !fromKilled($0) }) {
                report.problems.append(
                    "\(id): attempt \(other.attempt) of \(other.process), not a killed process (\(report.killedPIDs)), has no outcome; "
                        + "attempts: \(attempts.map { "\($0.attempt) by \($0.process) at \($0.startedAt.rfc3339)" })")
            }
            guard let index = report.duplicates.firstIndex(where: { $0.messageID == id }) else { continue }
            report.duplicates[index].abandoned = abandoned
            report.duplicates[index].ambiguous = !abandoned.isEmpty && abandoned.allSatisfy(fromKilled)
            // Each extra delivery needs an attempt of a killed process without an outcome.
            if !report.duplicates[index].ambiguous || report.duplicates[index].deliveries - 1 > abandoned.count {
                report.problems.append(
                    "\(id) received \(report.duplicates[index].deliveries) times by the provider; attempts without an outcome: \(abandoned)"
                )
            }
        }
        await opened.close()
    }

    /// A store of this process on the run's database.
    static func openStore(_ store: ChaosPlan.Store, schema: String, sqlitePath: String) async throws -> any GatewayStore {
        var logger = Logger(label: "chaos.count")
        logger.logLevel = .error
        let settings: StoreSettings
        switch store {
        case .sqlite:
            settings = StoreSettings(sqlitePath: sqlitePath, synchronous: .normal)
        case .postgres(let url):
            var postgres = try PostgresStoreConfiguration(url: url)
            postgres.schema = schema
            settings = StoreSettings(postgres: postgres)
        }
        return try await SwitchboardServer.openStore(settings, logger: logger)
    }

    static func cleanUp(
        _ store: ChaosPlan.Store, schema: String, folder: URL, cluster: GatewayCluster, mock: MockProvider, transport: CurlTransport
    ) async {
        cluster.killAll()
        await transport.shutdown()
        await mock.shutdown()
        try? FileManager.default.removeItem(at: folder)
        guard case .postgres(let url) = store else { return }
        await dropPostgresSchema(url: url, schema: schema)
    }
}
