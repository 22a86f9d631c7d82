import Foundation
import SwitchboardCore
import TestSupport

/// A minimal SMTP server on 127.0.0.1 that records the session as it arrived on the wire: commands
/// and the raw (still dot-stuffed) DATA lines. No STARTTLS; AUTH PLAIN when asked to advertise it.
final class FakeSMTPServer: Sendable {
    /// What one SMTP session delivered.
    struct Session: Sendable {
        var commands: [String] = []
        /// DATA lines as sent, before un-stuffing, without the terminating `.`.
        var dataLines: [String] = []
        /// The decoded AUTH PLAIN payload (`\0user\0password`), if any.
        var authPlain: [UInt8]?
    }

    private let sessions: Recorder
    private let listener: LoopbackListener

    /// `rejecting`: recipients answered `550` at RCPT TO.
    init(advertiseAuth: Bool = false, rejecting: Set<String> = []) throws {
        let sessions = Recorder()
        self.sessions = sessions
        listener = try LoopbackListener { connection in
            Self.serve(connection, advertiseAuth: advertiseAuth, rejecting: rejecting, into: sessions)
        }
    }

    deinit { listener.stop() }

    var port: Int { listener.port }
    var recorded: [Session] { sessions.sessions.withLock { $0 } }

    private static func serve(_ connection: LoopbackConnection, advertiseAuth: Bool, rejecting: Set<String>, into recorder: Recorder) {
        var session = Session()
        defer { recorder.sessions.withLock { $0.append(session) } }
        connection.write("220 fake.test ESMTP\r\n")
        while let line = connection.readLine() {
            session.commands.append(line)
            let verb = line.prefix { $0 != " " }.uppercased()
            switch verb {
            case "EHLO":
                connection.write(
                    "250-fake.test\r\n250-SIZE 10000000\r\n" + (advertiseAuth ? "250-AUTH PLAIN\r\n" : "") + "250 8BITMIME\r\n")
            case "AUTH":
                var payload = line.split(separator: " ").dropFirst(2).first.map(String.init)
                if payload == nil {
                    connection.write("334 \r\n")
                    payload = connection.readLine()
                }
                session.authPlain = payload.flatMap { Base64.decode($0) }
                connection.write("235 2.7.0 Authentication successful\r\n")
            case "MAIL":
                connection.write("250 2.1.0 Ok\r\n")
            case "RCPT":
                let address = line.drop { $0 != "<" }.dropFirst().prefix { $0 != ">" }
                connection.write(rejecting.contains(String(address)) ? "550 5.1.1 No such user\r\n" : "250 2.1.5 Ok\r\n")
            case "DATA":
                connection.write("354 End data with <CR><LF>.<CR><LF>\r\n")
                while let dataLine = connection.readLine(), dataLine != "." { session.dataLines.append(dataLine) }
                connection.write("250 2.0.0 Ok: queued as FAKE42\r\n")
            case "QUIT":
                connection.write("221 2.0.0 Bye\r\n")
                return
            default:
                connection.write("250 Ok\r\n")
            }
        }
    }

    private final class Recorder: Sendable {
        let sessions = Locked<[Session]>([])
    }
}
