extension Duration {
    /// `self + other`, held at the largest or smallest representable duration instead of trapping: instants
    /// built from provider answers (retry-after, far-future dates) must never crash the dispatcher.
    public func saturatingAdding(_ other: Duration) -> Duration {
        let (sum, overflow) = attoseconds.addingReportingOverflow(other.attoseconds)
        guard overflow else { return Duration(attoseconds: sum) }
        return Duration(attoseconds: other.attoseconds > 0 ? .max : .min)
    }

    /// `self - other`, held at the largest or smallest representable duration instead of trapping.
    public func saturatingSubtracting(_ other: Duration) -> Duration {
        let (difference, overflow) = attoseconds.subtractingReportingOverflow(other.attoseconds)
        guard overflow else { return Duration(attoseconds: difference) }
        return Duration(attoseconds: other.attoseconds < 0 ? .max : .min)
    }

    /// Whole milliseconds (rounded toward zero), held within `Int64`.
    var clampedMilliseconds: Int64 { Int64(clamping: attoseconds / 1_000_000_000_000_000) }

    /// Whole nanoseconds (rounded toward zero), held within `Int64` (about 292 years).
    var clampedNanoseconds: Int64 { Int64(clamping: attoseconds / 1_000_000_000) }
}
