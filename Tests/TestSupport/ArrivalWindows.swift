import Foundation

/// Counts of arrivals (a provider's request times) per sliding window: what a provider's rate limit measures.
public enum ArrivalWindows {
    /// The most arrivals in any half-open window `[t, t + window)`, over every `t` (the maximum is reached at a
    /// window starting on an arrival). `times` need not be sorted.
    public static func maximum(_ times: [Duration], window: Duration) -> Int {
        let sorted = times.sorted()
        var best = 0
        var first = 0
        for last in sorted.indices {
            while sorted[last] - sorted[first] >= window { first += 1 }
            best = max(best, last - first + 1)
        }
        return best
    }

    /// The same for wall-clock times (the mock provider's `receivedAt`), measured from the earliest.
    public static func maximum(_ dates: [Date], window: Duration) -> Int {
        guard let start = dates.min() else { return 0 }
        return maximum(dates.map { .seconds($0.timeIntervalSince(start)) }, window: window)
    }

    /// Arrivals per consecutive window from `start` until `end` (the last window may be partial and is left out).
    public static func counts(_ dates: [Date], from start: Date, to end: Date, window: Duration) -> [Int] {
        let seconds = Double(window.components.seconds) + Double(window.components.attoseconds) / 1e18
        let windows = Int((end.timeIntervalSince(start) / seconds).rounded(.down))
        guard windows > 0 else { return [] }
        var counts = Array(repeating: 0, count: windows)
        for date in dates {
            let index = Int((date.timeIntervalSince(start) / seconds).rounded(.down))
            if index >= 0 && index < windows { counts[index] += 1 }
        }
        return counts
    }
}
