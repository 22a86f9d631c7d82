import Foundation
import SwitchboardCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A send attempt about to go out, stored durably by the ``Dispatcher`` before the request leaves
/// (``OutboundQueueStore/recordAttemptStart(_:)``). An attempt's outcome is recorded by the transition that
/// follows it, which counts it in the message's `attempts`; an attempt whose process stops (a crash, `kill -9`)
/// before that write leaves only this line, and the next attempt carries the same ``attempt`` number. That is the
/// one case where the provider may have received a message twice: ``abandoned(in:)`` finds it.
public struct OutboundAttemptStart: Sendable, Hashable {
    public var messageID: String
    /// The attempt's number, from 1: the message's recorded attempts before it, plus one.
    public var attempt: Int
    public var startedAt: Timestamp
    /// The process that sent it: ``currentProcess``.
    public var process: String

    public init(messageID: String, attempt: Int, startedAt: Timestamp, process: String = OutboundAttemptStart.currentProcess) {
        self.messageID = messageID
        self.attempt = attempt
        self.startedAt = startedAt
        self.process = process
    }

    /// This process as attempts name it: `<host name>/<process id>`.
    public static let currentProcess: String = {
        var name = [CChar](repeating: 0, count: 256)
        let host =
            gethostname(&name, name.count) == 0
            ? String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "unknown-host"
        return "\(host)/\(ProcessInfo.processInfo.processIdentifier)"
    }()

    /// The attempts of one message (in start order) whose outcome was never recorded: each one followed by a later
    /// start with the same number. The provider may have received each of them (the documented ambiguous case).
    public static func abandoned(in attempts: [OutboundAttemptStart]) -> [OutboundAttemptStart] {
        attempts.enumerated().compactMap { index, start in
            attempts[(index + 1)...].contains { $0.attempt == start.attempt && $0.messageID == start.messageID } ? start : nil
        }
    }
}
