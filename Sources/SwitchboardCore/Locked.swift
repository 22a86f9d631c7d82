import Synchronization

/// The project's one lock: a value that several threads or tasks share, reached only inside
/// ``withLock(_:)``. Backed by the standard library's `Mutex`; a class, so that it can be stored in
/// other classes, structs and closures and shared by reference. The value may be noncopyable.
///
/// Keep the closure short: other threads wait for it (it cannot suspend).
public final class Locked<Value: ~Copyable>: Sendable {
    private let mutex: Mutex<Value>

    /// A lock guarding `value`.
    public init(_ value: consuming sending Value) { mutex = Mutex(value) }

    /// Runs `body` with the value, exclusively, and returns what it returns.
    public func withLock<Result, Failure: Error>(
        _ body: (inout sending Value) throws(Failure) -> sending Result
    ) throws(Failure) -> sending Result {
        try mutex.withLock(body)
    }
}
