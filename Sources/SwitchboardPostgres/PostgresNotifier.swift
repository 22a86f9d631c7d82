import Foundation
import Logging
import PostgresNIO
import SwitchboardCore
import SwitchboardStore

/// Wake-ups between nodes: writes that create work are announced with `NOTIFY` on the schema's channel,
/// and every node `LISTEN`s on one dedicated connection, so a node's router and dispatcher react to another
/// node's writes at once instead of at their next poll.
///
/// - Sending: a write marks what changed (``markChanged(events:outbound:)``) once its transaction has
///   committed; ``sendLoop(client:)`` sends one `pg_notify` for everything marked since its last one. Writes
///   never wait for it, and under load many commits share one notification.
/// - Receiving: ``listenLoop()`` keeps one connection outside the pool listening (reconnecting with backoff
///   when it drops). The payload is `<node> <kinds>`: `e` (events or deliveries: signals ``changes``),
///   `o` (outbound messages: calls the observers, the gateway's dispatcher wake-up). A node ignores its own
///   notifications (its writes signal locally). When the connection is (re)established everything is
///   signalled once, for what may have been missed meanwhile.
/// - Polling stays the safety net: a lost notification delays work by at most one poll interval.
final class PostgresNotifier: Sendable {
    let channel: String
    let node: String
    let configuration: PostgresStoreConfiguration
    let changes: ChangeSignal
    let logger: Logger
    /// Wakes ``sendLoop(client:)``.
    private let outgoing = ChangeSignal()
    /// Signalled once the LISTEN connection is listening (the store's initializer waits for it).
    let listening = ChangeSignal()
    private let state = Locked(NotifierState())

    init(configuration: PostgresStoreConfiguration, node: String, changes: ChangeSignal, logger: Logger) {
        channel = String("switchboard_\(configuration.schema ?? "public")".prefix(63))
        self.node = node
        self.configuration = configuration
        self.changes = changes
        self.logger = logger
    }

    /// Registers a callback for outbound changes made by other nodes.
    func observeOutbound(_ wake: @escaping @Sendable () -> Void) {
        state.withLock { $0.observers.append(wake) }
    }

    /// Marks committed changes to announce; returns at once.
    func markChanged(events: Bool = false, outbound: Bool = false) {
        state.withLock { state in
            state.events = state.events || events
            state.outbound = state.outbound || outbound
        }
        outgoing.signal()
    }

    /// Sends the marked changes until cancelled (the store's ``PostgresEventStore/close()``).
    func sendLoop(client: PostgresClient) async {
        while !Task.isCancelled {
            await outgoing.wait(timeout: .seconds(3600))
            let kinds = state.withLock { state -> String in
                defer { (state.events, state.outbound) = (false, false) }
                return (state.events ? "e" : "") + (state.outbound ? "o" : "")
            }
            guard !kinds.isEmpty, !Task.isCancelled else { continue }
            do {
                // The row is read to the end: that returns the connection to the pool.
                for try await _ in try await client.query("SELECT pg_notify(\(channel), \("\(node) \(kinds)"))", logger: logger) {}
            } catch {
                logger.warning(
                    "could not notify the other nodes; they will see the change at their next poll",
                    metadata: ["switchboard.error": "\(PostgresFailure.describe(error))"])
            }
        }
    }

    /// Listens until cancelled, reconnecting after 0.1 s, doubling up to 5 s, when the connection fails.
    func listenLoop() async {
        var delay = Duration.milliseconds(100)
        while !Task.isCancelled {
            do {
                let connection = try await PostgresConnection.connect(
                    configuration: try configuration.connectionConfiguration(), id: 1, logger: logger)
                do {
                    try await connection.listen(on: channel) { notifications in
                        delay = .milliseconds(100)
                        listening.signal()
                        wakeAll()
                        for try await notification in notifications { receive(notification.payload) }
                    }
                } catch {
                    try? await connection.close()
                    throw error
                }
                try? await connection.close()
            } catch {
                guard !Task.isCancelled else { return }
                logger.warning(
                    "the LISTEN connection failed; reconnecting (other nodes' writes are seen at the next poll meanwhile)",
                    metadata: ["switchboard.error": "\(PostgresFailure.describe(error))", "switchboard.retry_in": "\(delay)"])
            }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(5))
        }
    }

    /// Handles one payload (`<node> <kinds>`).
    func receive(_ payload: String) {
        let parts = payload.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0] != node else { return }
        if parts[1].contains("e") { changes.signal() }
        if parts[1].contains("o") { for wake in state.withLock({ $0.observers }) { wake() } }
    }

    private func wakeAll() {
        changes.signal()
        for wake in state.withLock({ $0.observers }) { wake() }
    }
}

/// The notifier's mutable state (behind a ``Locked``).
struct NotifierState {
    var events = false
    var outbound = false
    var observers: [@Sendable () -> Void] = []
}
