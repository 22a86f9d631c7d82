/// SplitMix64: a deterministic random source for jitter in tests.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A random source that always returns the largest value (jitter at its ceiling).
struct MaxRandom: RandomNumberGenerator {
    mutating func next() -> UInt64 { .max }
}

/// A random source that always draws the smallest value (no jitter). It returns 1, not 0: a constant 0 is
/// rejected forever by the unbiased range sampling of `Int64.random(in:using:)`, while 1 maps to the range's start.
struct MinimumRandom: RandomNumberGenerator {
    mutating func next() -> UInt64 { 1 }
}
