/// A random source that always returns the largest value (jitter at its ceiling).
struct MaxRandom: RandomNumberGenerator {
    mutating func next() -> UInt64 { .max }
}

/// A random source that always draws the smallest value (no jitter). It returns 1, not 0: a constant 0 is
/// rejected forever by the unbiased range sampling of `Int64.random(in:using:)`, while 1 maps to the range's start.
struct MinimumRandom: RandomNumberGenerator {
    mutating func next() -> UInt64 { 1 }
}
