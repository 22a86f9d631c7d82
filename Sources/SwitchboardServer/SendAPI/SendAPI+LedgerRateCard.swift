import SwitchboardCore
import SwitchboardLedger
import SwitchboardStore

/// The imported price table (`POST /v1/prices`), kept in memory for the send path: read from the store at most
/// every ``maxAge`` (an import by another gateway process is seen within that), and replaced at once after an
/// import through this process (``replace(_:)``). A failed read keeps the table last read.
public final class RateCardCache: Sendable {
    private struct State {
        var card = RateCard()
        var fetchedAt: ContinuousClock.Instant?
        var refreshing = false
    }

    private let state = Locked(State())
    private let store: any AccountLedger
    /// How long a table read from the store is used before it is read again.
    public let maxAge: Duration

    public init(store: any AccountLedger, maxAge: Duration = .seconds(5)) {
        self.store = store
        self.maxAge = maxAge
    }

    /// The table in force. Before the first read every caller reads it; afterwards one caller at a time refreshes
    /// a stale table while the others use the one in memory.
    public func current() async -> RateCard {
        let now = ContinuousClock.now
        let (card, refresh) = state.withLock { state -> (RateCard, Bool) in
            guard let fetchedAt = state.fetchedAt else { return (state.card, true) }
            guard now - fetchedAt >= maxAge, !state.refreshing else { return (state.card, false) }
            state.refreshing = true
            return (state.card, true)
        }
        guard refresh else { return card }
        let read = try? await store.rateCard()
        return state.withLock { state in
            state.refreshing = false
            state.fetchedAt = ContinuousClock.now
            if let read { state.card = read }
            return state.card
        }
    }

    /// Uses `card` from now on (an import through this process), without waiting for the next read.
    public func replace(_ card: RateCard) {
        state.withLock { state in
            state.card = card
            state.fetchedAt = ContinuousClock.now
        }
    }
}
