import Foundation
import SwitchboardCore

/// The system's UTC wall clock, whose instants convert to and from ``Timestamp``: the clock the dispatcher
/// uses, because retry times and leases are persisted and must mean the same after a restart.
public struct WallClock: Clock, Sendable {
    /// A point in UTC time: the duration since 1970-01-01T00:00:00Z.
    public struct Instant: InstantProtocol, Sendable, Hashable, CustomStringConvertible {
        public var sinceEpoch: Duration
        public init(sinceEpoch: Duration) { self.sinceEpoch = sinceEpoch }
        /// The instant of a timestamp.
        public init(_ timestamp: Timestamp) { sinceEpoch = .milliseconds(timestamp.milliseconds) }
        /// The instant as a timestamp (millisecond precision); instants beyond what a timestamp holds (about
        /// 292 million years away) give its first or last millisecond.
        public var timestamp: Timestamp { Timestamp(milliseconds: sinceEpoch.clampedMilliseconds) }
        /// Held at the first or last representable instant instead of trapping.
        public func advanced(by duration: Duration) -> Instant { Instant(sinceEpoch: sinceEpoch.saturatingAdding(duration)) }
        /// Held at the longest representable duration instead of trapping.
        public func duration(to other: Instant) -> Duration { other.sinceEpoch.saturatingSubtracting(sinceEpoch) }
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.sinceEpoch < rhs.sinceEpoch }
        public var description: String { timestamp.rfc3339 }
    }

    public init() {}

    public var now: Instant {
        let seconds = Date().timeIntervalSince1970
        return Instant(sinceEpoch: .nanoseconds(Int64((seconds * 1_000_000_000).rounded())))
    }

    public var minimumResolution: Duration { .milliseconds(1) }

    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        let delay = now.duration(to: deadline)
        if delay > .zero { try await ContinuousClock().sleep(for: delay, tolerance: tolerance) }
    }
}
