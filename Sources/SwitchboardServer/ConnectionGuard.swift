/// How long an HTTP connection may wait on its client (`limits.idle_timeout_ms`, `header_timeout_ms`,
/// `body_timeout_ms`).
public struct HTTPConnectionTimeouts: Sendable, Hashable {
    /// Between two requests of a keep-alive connection, before the next request's first byte.
    public var idle: Duration
    /// For a whole request head: from the connection's accept for its first request, from the first byte of the
    /// head for later ones.
    public var header: Duration
    /// The longest pause while a request body is arriving (the server waiting for bytes, not the other way round).
    public var body: Duration
    /// For a whole request body, from its head: a body dripping in just under ``body`` is cut here.
    public var bodyTotal: Duration

    /// The defaults: idle 60 s, header 10 s, body pause 30 s, whole body 120 s.
    public init(
        idle: Duration = .seconds(60), header: Duration = .seconds(10), body: Duration = .seconds(30), bodyTotal: Duration = .seconds(120)
    ) {
        self.idle = idle
        self.header = header
        self.body = body
        self.bodyTotal = bodyTotal
    }
}

/// Why the server closed a connection itself (the `reason` label of `switchboard_http_connections_closed_total`).
public enum ConnectionCloseReason: String, Sendable, CaseIterable {
    /// A keep-alive connection sent nothing for ``HTTPConnectionTimeouts/idle``.
    case idle
    /// A request head did not arrive complete within ``HTTPConnectionTimeouts/header``.
    case headerTimeout = "header_timeout"
    /// A request body stopped arriving for ``HTTPConnectionTimeouts/body``, or was not complete within
    /// ``HTTPConnectionTimeouts/bodyTotal``.
    case bodyTimeout = "body_timeout"
    /// Closed to make room for a new connection at `limits.max_connections`: the one idle longest.
    case evicted
}

/// The timeouts of one HTTP connection: a value type that takes the connection's events with the time they
/// happened and returns what to do (arm the timer, close, tell the connection limiter whether the connection
/// may be evicted). It never reads a clock; ``ConnectionGuardHandler`` is the NIO shell around it.
///
/// A connection is *waiting for a head* (nothing of the next request yet, or part of its head), *reading a
/// body* (a head arrived, its end has not), and has requests *in flight* (head read, response not finished).
/// Only the client is timed: while a request is in flight and its body fully read, the server is the one
/// working, and while the server does not ask for more bytes (back-pressure) a slow body is not the client's
/// fault. A connection waiting for a head with nothing in flight is evictable.
struct ConnectionGuard<C: Clock> where C.Duration == Duration {
    enum Phase: Equatable {
        /// Before the next request head; `headStarted` is when its first byte came (`nil`: none yet).
        case awaitingHead(headStarted: C.Instant?)
        /// A head arrived; its body (maybe empty) is being read.
        case readingBody
        case closed
    }

    /// What the shell does after an event. Every member is optional: `Action()` is "nothing".
    struct Action: Equatable {
        /// Arm the connection's timer for this instant (replacing the one armed).
        var timer: C.Instant?
        /// Close the connection.
        var close: ConnectionCloseReason?
        /// The connection became evictable (`true`) or stopped being (`false`).
        var evictable: Bool?
    }

    let timeouts: HTTPConnectionTimeouts
    private(set) var phase: Phase = .awaitingHead(headStarted: nil)
    /// Requests whose head was read and whose response has not ended.
    private(set) var inFlight = 0
    /// Whether a response has ended on this connection (later heads are timed from their first byte).
    private var servedAny = false
    /// The accept, or the end of the last response.
    private var idleSince: C.Instant
    /// The last bytes read, or the moment the server asked for more after a pause.
    private var lastProgress: C.Instant
    /// When the head of the request whose body is being read arrived.
    private var bodyStarted: C.Instant
    /// The server asked for bytes and none came since.
    private var readPending = false
    /// The instant the shell's timer is armed for.
    private(set) var armed: C.Instant?
    /// What the limiter was last told.
    private var reportedEvictable = false

    /// A connection accepted at `now`.
    init(timeouts: HTTPConnectionTimeouts, now: C.Instant) {
        self.timeouts = timeouts
        self.idleSince = now
        self.lastProgress = now
        self.bodyStarted = now
    }

    /// Whether the connection may be closed for a new one: waiting for a head, nothing in flight.
    var isEvictable: Bool {
        if case .awaitingHead = phase { return inFlight == 0 }
        return false
    }

    /// The first actions: the header timer, and evictable.
    mutating func start(now: C.Instant) -> Action { reconcile() }

    /// Bytes arrived from the client (before HTTP decoding).
    mutating func bytesRead(now: C.Instant) -> Action {
        lastProgress = now
        readPending = false
        if case .awaitingHead(nil) = phase { phase = .awaitingHead(headStarted: servedAny ? now : idleSince) }
        return reconcile()
    }

    /// The server asked the socket for more bytes.
    mutating func readRequested(now: C.Instant) -> Action {
        if !readPending {
            readPending = true
            lastProgress = now
        }
        return reconcile()
    }

    /// A request head was decoded.
    mutating func headReceived(now: C.Instant) -> Action {
        guard phase != .closed else { return Action() }
        inFlight += 1
        phase = .readingBody
        lastProgress = now
        bodyStarted = now
        return reconcile()
    }

    /// A request's end was decoded.
    mutating func endReceived(now: C.Instant) -> Action {
        guard phase == .readingBody else { return Action() }
        phase = .awaitingHead(headStarted: nil)
        return reconcile()
    }

    /// A response's end was written.
    mutating func responseEnded(now: C.Instant) -> Action {
        guard phase != .closed, inFlight > 0 else { return Action() }
        inFlight -= 1
        if inFlight == 0 {
            servedAny = true
            idleSince = now
            // Part of a pipelined head came while the server was busy: its time starts now.
            if case .awaitingHead(.some) = phase { phase = .awaitingHead(headStarted: now) }
        }
        return reconcile()
    }

    /// The armed timer fired: close if the client is over its time, else arm for the new deadline.
    mutating func timerFired(now: C.Instant) -> Action {
        armed = nil
        if let (deadline, reason) = deadline(), now >= deadline {
            return close(reason)
        }
        return reconcile()
    }

    /// The limiter chose this connection to make room: closed if it is still evictable.
    mutating func evict(now: C.Instant) -> Action {
        guard isEvictable else { return reconcile() }
        return close(.evicted)
    }

    /// The channel closed (whoever closed it).
    mutating func closed() {
        phase = .closed
        armed = nil
    }

    /// When the client runs out of time, and what that is called; `nil` while the server is the one working.
    func deadline() -> (C.Instant, ConnectionCloseReason)? {
        switch phase {
        case .closed:
            return nil
        case .readingBody:
            // The whole-body limit counts server pauses too: the handler reads a webhook body straight through.
            let whole = bodyStarted.advanced(by: timeouts.bodyTotal)
            guard readPending else { return (whole, .bodyTimeout) }
            return (min(lastProgress.advanced(by: timeouts.body), whole), .bodyTimeout)
        case .awaitingHead(let headStarted):
            guard inFlight == 0 else { return nil }
            if let headStarted { return (headStarted.advanced(by: timeouts.header), .headerTimeout) }
            if servedAny { return (idleSince.advanced(by: timeouts.idle), .idle) }
            return (idleSince.advanced(by: timeouts.header), .headerTimeout)
        }
    }

    private mutating func close(_ reason: ConnectionCloseReason) -> Action {
        phase = .closed
        armed = nil
        reportedEvictable = false
        return Action(close: reason)
    }

    /// Reports a change of evictability, and arms the timer when none is armed or the deadline came earlier
    /// (a later deadline is picked up when the armed timer fires: no rescheduling on every read).
    private mutating func reconcile() -> Action {
        var action = Action()
        let evictable = isEvictable
        if evictable != reportedEvictable {
            reportedEvictable = evictable
            action.evictable = evictable
        }
        if let (deadline, _) = deadline(), armed.map({ deadline < $0 }) ?? true {
            armed = deadline
            action.timer = deadline
        }
        return action
    }
}
