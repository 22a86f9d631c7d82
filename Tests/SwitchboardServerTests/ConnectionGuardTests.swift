import SwitchboardQueue
import TestSupport
import Testing

@testable import SwitchboardServer

/// The per-connection timeouts as a value type: events in, actions out, time on a manual time line (seconds
/// from the accept), no sockets.
@Suite("Connection guard state machine")
struct ConnectionGuardTests {
    typealias Action = ConnectionGuard<ManualClock>.Action

    @Test("a connection that sends half a head is closed when the header timeout runs out, counted from the accept")
    func halfHead() {
        let connection = GuardScript()
        #expect(connection(.read, at: 0) == Action())
        #expect(connection(.bytes, at: 3) == Action())  // "GET / HT": still due at t=10
        #expect(connection(.read, at: 3) == Action())
        #expect(connection(.timer, at: 10) == Action(close: .headerTimeout))
        #expect(connection.state.phase == .closed)
        #expect(!connection.state.isEvictable)
    }

    @Test("a connection that sends nothing at all is closed at the header timeout")
    func silent() {
        let connection = GuardScript()
        #expect(connection(.timer, at: 9.999) == Action(timer: .at(10)))
        #expect(connection(.timer, at: 10) == Action(close: .headerTimeout))
    }

    @Test("a keep-alive connection is idle for the idle timeout, then has the header timeout from its next first byte")
    func keepAlive() {
        let connection = GuardScript()
        #expect(connection(.bytes, at: 1) == Action())
        #expect(connection(.head, at: 1) == Action(evictable: false))
        #expect(connection(.end, at: 1) == Action())
        // The server works on the request: no deadline for the client; the armed t=10 timer changes nothing.
        #expect(connection.state.deadline() == nil)
        #expect(connection(.timer, at: 10) == Action())
        #expect(connection(.responseEnd, at: 12) == Action(timer: .at(72), evictable: true))
        #expect(connection.state.deadline()?.1 == .idle)
        // The next request starts at t=70: its head has 10 s from then, whatever the idle deadline.
        #expect(connection(.bytes, at: 70) == Action())
        #expect(connection(.timer, at: 72) == Action(timer: .at(80)))
        #expect(connection(.timer, at: 80) == Action(close: .headerTimeout))
    }

    @Test("an idle keep-alive connection is closed at the idle timeout")
    func idle() {
        let connection = GuardScript()
        connection.request(at: 1)
        #expect(connection(.responseEnd, at: 2) == Action(evictable: true))  // the t=10 timer is earlier
        #expect(connection(.timer, at: 10) == Action(timer: .at(62)))
        #expect(connection(.timer, at: 62) == Action(close: .idle))
    }

    @Test("a slow but steady body is not cut: a chunk every 20 s for 100 s, inside the whole-body limit")
    func steadyBody() {
        let connection = GuardScript()
        connection.head(at: 0.5)
        for second in stride(from: 20.0, through: 100.0, by: 20.0) {
            if let armed = connection.state.armed, armed <= .at(second) {
                let fired = connection(.timer, at: armed.seconds)
                #expect(fired.close == nil && fired.timer != nil, "re-armed for the moved deadline")
            }
            #expect(connection(.bytes, at: second).close == nil)
            #expect(connection(.read, at: second).close == nil)
        }
        #expect(connection(.timer, at: 119).close == nil)
        #expect(connection(.end, at: 119) == Action())
    }

    @Test("a body dripping in just under the pause limit is closed at the whole-body limit")
    func drippingBody() {
        let connection = GuardScript()
        connection.head(at: 0)
        for second in [29.0, 58, 87, 116] {
            if let armed = connection.state.armed, armed <= .at(second) {
                #expect(connection(.timer, at: armed.seconds).close == nil)
            }
            #expect(connection(.bytes, at: second).close == nil)
            #expect(connection(.read, at: second).close == nil)
        }
        let deadline = connection.state.deadline()
        #expect(deadline?.0 == .at(120))
        #expect(deadline?.1 == .bodyTimeout)
        #expect(connection(.timer, at: 120) == Action(close: .bodyTimeout))
    }

    @Test("a body that stops arriving is closed after the body timeout")
    func stalledBody() {
        let connection = GuardScript()
        connection.head(at: 1)
        #expect(connection(.bytes, at: 5) == Action())
        #expect(connection(.read, at: 5) == Action())
        #expect(connection(.timer, at: 10) == Action(timer: .at(35)))
        #expect(connection(.timer, at: 35) == Action(close: .bodyTimeout))
    }

    @Test("while the server does not ask for more bytes (back-pressure) a body's pauses are not timed")
    func backPressure() {
        let connection = GuardScript(
            timeouts: HTTPConnectionTimeouts(idle: .seconds(60), header: .seconds(10), body: .seconds(30), bodyTotal: .seconds(600)))
        #expect(connection(.bytes, at: 1) == Action())
        #expect(connection(.head, at: 1) == Action(evictable: false))
        // No read requested since the bytes: the server is the slow one; only the whole-body limit runs.
        #expect(connection.state.deadline()?.0 == .at(601))
        #expect(connection(.timer, at: 100) == Action(timer: .at(601)))
        // It asks again at t=100: the client has 30 s from then.
        #expect(connection(.read, at: 100) == Action(timer: .at(130)))
        #expect(connection(.timer, at: 130) == Action(close: .bodyTimeout))
    }

    @Test("an eviction closes a connection waiting for a head, not one with a request in progress")
    func eviction() {
        let waiting = GuardScript()
        #expect(waiting(.bytes, at: 1) == Action())
        #expect(waiting(.evict, at: 2) == Action(close: .evicted))

        let busy = GuardScript()
        busy.head(at: 1)
        #expect(busy(.evict, at: 2) == Action())  // reading the body
        #expect(busy(.end, at: 2) == Action())
        #expect(busy(.evict, at: 2) == Action())  // answering
        #expect(busy(.responseEnd, at: 3) == Action(evictable: true))
        #expect(busy(.evict, at: 4) == Action(close: .evicted))
    }

    @Test("pipelined requests: evictable once the last response ended; a head begun meanwhile is timed from then")
    func pipelined() {
        let connection = GuardScript()
        connection.request(at: 1)
        #expect(connection(.head, at: 1) == Action())
        #expect(connection(.end, at: 1) == Action())
        #expect(connection(.responseEnd, at: 2) == Action())
        #expect(connection(.bytes, at: 3) == Action())  // part of a third head while the second is answered
        #expect(connection.state.deadline() == nil)
        #expect(connection(.responseEnd, at: 20) == Action(evictable: true))
        #expect(connection.state.deadline()! == (.at(30), .headerTimeout))
    }
}

/// The connection cap and the eviction order, without sockets.
@Suite("Connection table")
struct ConnectionTableTests {
    @Test("under the cap everything is accepted; at the cap the connection evictable longest makes room")
    func evictsOldestIdle() {
        let table = TableScript(capacity: 3)
        let ids = (0..<3).map { _ in table.open() }
        // The first goes busy, then idle again: it becomes the newest evictable one.
        #expect(table.set(ids[0], evictable: false) == .none)
        #expect(table.set(ids[0], evictable: true) == .none)
        #expect(table.state.isAccepting)
        let (fourth, first) = table.register()
        #expect(first == .evict(ids[1]))
        #expect(table.state.live == 3)
        #expect(table.set(fourth, evictable: false) == .none)
        let (_, second) = table.register()
        #expect(second == .evict(ids[2]))
        table.state.remove(ids[1])
        table.state.remove(ids[2])
        #expect(table.state.open == 3)
        #expect(table.state.evictableCount == 1)
    }

    @Test("with every connection busy accepting pauses; a connection going idle or closing lets the next in")
    func pausesWhenAllBusy() {
        let table = TableScript(capacity: 2)
        let ids = (0..<2).map { _ in table.open(busy: true) }
        #expect(!table.state.isAccepting)
        #expect(table.set(ids[0], evictable: true) == .none)
        #expect(table.state.isAccepting)
        #expect(table.set(ids[0], evictable: false) == .none)
        #expect(!table.state.isAccepting)
        table.state.remove(ids[1])
        #expect(table.state.live == 1)
        #expect(table.state.isAccepting)
    }

    @Test("a connection busy again before its eviction reaches it stays; the next evictable one goes instead")
    func evictionRace() {
        let table = TableScript(capacity: 1)
        let first = table.open()
        let (second, action) = table.register()
        #expect(action == .evict(first))
        #expect(table.state.live == 1)
        #expect(table.set(first, evictable: false) == .none)  // a head arrived first: its guard refuses the eviction
        #expect(table.state.live == 2)
        #expect(table.state.evictableCount == 0)
        #expect(table.state.overflow == 1)
        #expect(table.set(second, evictable: true) == .evict(second))
        #expect(table.state.live == 1)
    }

    @Test("a connection opened with every one busy is over the cap: the next to become evictable is closed at once")
    func overflow() {
        let table = TableScript(capacity: 2)
        _ = (0..<2).map { _ in table.open(busy: true) }
        let (third, action) = table.register()  // accepted before the pause: nothing to evict
        #expect(action == .none)
        #expect(table.state.overflow == 1)
        #expect(!table.state.isAccepting)
        #expect(table.set(third, evictable: true) == .evict(third))
        #expect(table.state.overflow == 0)
        table.state.remove(third)
        #expect(table.state.live == 2)
        #expect(!table.state.isAccepting)
        // A busy one closing cancels a debt not yet paid.
        let (fourth, none) = table.register()
        #expect(none == .none)
        #expect(table.state.overflow == 1)
        table.state.remove(fourth)
        #expect(table.state.overflow == 0)
    }
}

/// One connection's guard, accepted at t=0 and started, fed events by name (a class, so `#expect` can call it).
private final class GuardScript {
    enum Event { case bytes, read, head, end, responseEnd, timer, evict }

    var state: ConnectionGuard<ManualClock>

    init(timeouts: HTTPConnectionTimeouts = HTTPConnectionTimeouts(idle: .seconds(60), header: .seconds(10), body: .seconds(30))) {
        state = ConnectionGuard(timeouts: timeouts, now: .at(0))
        let first = state.start(now: .at(0))
        #expect(first == ConnectionGuard<ManualClock>.Action(timer: .at(10), evictable: true))
    }

    func callAsFunction(_ event: Event, at seconds: Double) -> ConnectionGuard<ManualClock>.Action {
        let now = ManualClock.Instant.at(seconds)
        switch event {
        case .bytes: return state.bytesRead(now: now)
        case .read: return state.readRequested(now: now)
        case .head: return state.headReceived(now: now)
        case .end: return state.endReceived(now: now)
        case .responseEnd: return state.responseEnded(now: now)
        case .timer: return state.timerFired(now: now)
        case .evict: return state.evict(now: now)
        }
    }

    /// A request head arrives at `seconds` and the server asks for its body.
    func head(at seconds: Double) {
        _ = self(.bytes, at: seconds)
        _ = self(.head, at: seconds)
        _ = self(.read, at: seconds)
    }

    /// A whole request without a body arrives at `seconds`.
    func request(at seconds: Double) {
        _ = self(.bytes, at: seconds)
        _ = self(.head, at: seconds)
        _ = self(.end, at: seconds)
    }
}

/// A ``ConnectionTable`` driven as the limiter drives it.
private final class TableScript {
    var state: ConnectionTable

    init(capacity: Int) { state = ConnectionTable(capacity: capacity) }

    func register() -> (ConnectionTable.ID, ConnectionTable.Action) { state.register() }
    func set(_ id: ConnectionTable.ID, evictable: Bool) -> ConnectionTable.Action { state.setEvictable(id, evictable) }

    /// A connection opened under the cap (evictable, or busy with a request).
    func open(busy: Bool = false) -> ConnectionTable.ID {
        #expect(state.isAccepting)
        let (id, action) = register()
        #expect(action == .none)
        #expect(set(id, evictable: true) == .none)
        if busy { #expect(set(id, evictable: false) == .none) }
        return id
    }
}

extension ManualClock.Instant {
    /// `seconds` after the start of the time line.
    fileprivate static func at(_ seconds: Double) -> Self { Self(offset: .milliseconds(Int((seconds * 1000).rounded()))) }

    /// Seconds after the start of the time line.
    fileprivate var seconds: Double { Double(offset.components.seconds) + Double(offset.components.attoseconds) / 1e18 }
}
