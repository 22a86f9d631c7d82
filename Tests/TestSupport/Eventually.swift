/// The error ``eventually(_:timeout:pollInterval:_:)`` throws when its condition never held: a test that awaits
/// something fails with this message, which names what it waited for.
public struct EventuallyTimedOut: Error, CustomStringConvertible {
    /// What was awaited, as the caller described it.
    public var awaited: String
    /// How long it was awaited.
    public var timeout: Duration

    public var description: String { "timed out after \(timeout) waiting until \(awaited)" }
}

/// Waits until `condition` holds: asks it at once, then every `pollInterval`, a last time at `timeout`. Throws
/// ``EventuallyTimedOut`` naming `awaited` (evaluated only then, so it can show the last value seen) when it never
/// held, and whatever `condition` throws.
///
/// ```swift
/// try await eventually("the subscriber has 2 deliveries") { inbox.deliveries.count >= 2 }
/// ```
public func eventually(
    _ awaited: @autoclosure () -> String, timeout: Duration = .seconds(10), pollInterval: Duration = .milliseconds(20),
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: pollInterval)
    }
    if try await condition() { return }
    throw EventuallyTimedOut(awaited: awaited(), timeout: timeout)
}
