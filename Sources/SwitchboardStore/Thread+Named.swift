import Foundation

extension Thread {
    /// Starts a thread running `body` under `name` (at most 15 characters: Linux refuses longer thread names).
    /// The name is set from inside the thread too, as Foundation may apply it only after `body` started.
    static func startNamed(_ name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread {
            Thread.current.name = name
            body()
        }
        thread.name = name
        thread.start()
    }
}
