import Foundation
import Logging
import SwitchboardCore

/// The HTTP server's connection cap, shared by the ``ConnectionAcceptGate`` on the listening socket and every
/// connection's ``ConnectionGuardHandler``: a lock around a ``ConnectionTable``, plus closing the connections
/// it evicts, pausing and resuming accepts, the log lines and the metrics.
///
/// Evictions and pauses are logged at most once per ``logInterval`` each, with their count since the last
/// line; the end of a logged pause is logged too.
final class ConnectionLimiter: Sendable {
    /// Closes one connection if its guard still finds it evictable (hops to its event loop).
    typealias Evictor = @Sendable () -> Void

    let capacity: Int
    private let logger: Logger
    private let metrics: GatewayMetrics
    private let logInterval: Duration
    private let state: Locked<State>

    /// What the lock guards.
    private struct State {
        var table: ConnectionTable
        var evictors: [ConnectionTable.ID: Evictor] = [:]
        /// The accept gate's way to start reading again.
        var resumeAccepting: (@Sendable () -> Void)?
        var isPaused = false
        var evictions = LogThrottle()
        var pauses = LogThrottle()
        /// The last pause was logged: its end is logged too.
        var pauseLogged = false
    }

    init(capacity: Int, metrics: GatewayMetrics, logger: Logger, logInterval: Duration = .seconds(10)) {
        self.capacity = capacity
        self.state = Locked(State(table: ConnectionTable(capacity: capacity)))
        self.metrics = metrics
        self.logger = logger
        self.logInterval = logInterval
    }

    /// Connections open now.
    var openConnections: Int { state.withLock { $0.table.open } }

    /// A connection opened: its id. Over the cap the connection evictable longest is closed for it.
    func register(evictor: @escaping Evictor) -> ConnectionTable.ID {
        let (id, victim) = state.withLock { state in
            let (id, action) = state.table.register()
            state.evictors[id] = evictor
            return (id, evicted(action, &state))
        }
        victim?()
        return id
    }

    /// The connection became evictable or busy.
    func setEvictable(_ id: ConnectionTable.ID, _ evictable: Bool) {
        let (victim, resume) = state.withLock { state in
            let victim = evicted(state.table.setEvictable(id, evictable), &state)
            return (victim, resumeIfPossible(&state))
        }
        victim?()
        resume?()
    }

    /// The connection closed.
    func remove(_ id: ConnectionTable.ID) {
        let resume = state.withLock { state in
            state.table.remove(id)
            state.evictors[id] = nil
            return resumeIfPossible(&state)
        }
        resume?()
    }

    /// Sets how the accept gate starts reading again after a pause.
    func onResume(_ resume: @escaping @Sendable () -> Void) {
        state.withLock { $0.resumeAccepting = resume }
    }

    /// Whether the listening socket may accept now; a "no" pauses accepting until a connection closes or
    /// becomes evictable.
    func admitsNewConnection() -> Bool {
        state.withLock { state in
            let accepting = state.table.isAccepting
            if !accepting, !state.isPaused {
                state.isPaused = true
                metrics.httpAcceptPaused()
                if let count = state.pauses.count(interval: logInterval) {
                    state.pauseLogged = true
                    logger.warning(
                        "connection limit reached with every connection busy: accepting paused until one finishes or closes",
                        metadata: [
                            "switchboard.connections.limit": "\(capacity)", "switchboard.connections.open": "\(state.table.open)",
                            "switchboard.connections.pauses": "\(count)",
                        ])
                }
            }
            return accepting
        }
    }

    /// The gate's resume when accepting was paused and may go on (under the lock).
    private func resumeIfPossible(_ state: inout State) -> (@Sendable () -> Void)? {
        guard state.isPaused, state.table.isAccepting else { return nil }
        state.isPaused = false
        if state.pauseLogged {
            state.pauseLogged = false
            logger.notice("accepting connections again", metadata: ["switchboard.connections.open": "\(state.table.open)"])
        }
        return state.resumeAccepting
    }

    /// The evictor of the connection `action` names, counted for the log line (under the lock).
    private func evicted(_ action: ConnectionTable.Action, _ state: inout State) -> Evictor? {
        guard case .evict(let id) = action else { return nil }
        if let count = state.evictions.count(interval: logInterval) {
            logger.notice(
                "connection limit reached: closing the connections idle longest for new ones",
                metadata: ["switchboard.connections.limit": "\(capacity)", "switchboard.connections.evicted": "\(count)"])
        }
        return state.evictors[id]
    }
}

/// Counts occurrences, and says when to log them: the first at once, then at most once per interval with
/// the number since the last line.
private struct LogThrottle {
    private var sinceLog = 0
    private var lastLog: ContinuousClock.Instant?

    /// One more occurrence: the count to log now, or `nil` to stay quiet.
    mutating func count(interval: Duration) -> Int? {
        sinceLog += 1
        let now = ContinuousClock.now
        guard lastLog.map({ now - $0 >= interval }) ?? true else { return nil }
        defer {
            lastLog = now
            sinceLog = 0
        }
        return sinceLog
    }
}
