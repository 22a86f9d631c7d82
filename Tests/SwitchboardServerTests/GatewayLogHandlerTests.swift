import Foundation
import Logging
import SwitchboardCore
import Testing

@testable import SwitchboardServer

@Suite("Gateway log handler")
struct GatewayLogHandlerTests {
    /// Collects the lines a handler writes.
    final class Lines: Sendable {
        private let storage = Locked<[String]>([])
        var all: [String] { storage.withLock { $0 } }
        func append(_ line: String) { storage.withLock { $0.append(line) } }
    }

    @Test("an entry is one line: time, level, label, metadata sorted by key, source, message")
    func format() {
        let line = GatewayLogHandler.line(
            time: "2026-11-22T10:00:00+0000", level: .notice, label: "switchboard",
            metadata: ["switchboard.provider": "meta", "hb.request.id": "42"], source: "SwitchboardServer",
            message: "webhook refused")
        #expect(
            line
                == "2026-11-22T10:00:00+0000 notice switchboard: hb.request.id=42 switchboard.provider=meta [SwitchboardServer] webhook refused\n"
        )
    }

    @Test("logger metadata and per-entry metadata (which wins) reach the line; levels below the threshold write nothing")
    func merging() {
        let lines = Lines()
        var logger = Logger(label: "test") { label in GatewayLogHandler(label: label, level: .info, write: lines.append) }
        logger[metadataKey: "hb.request.id"] = "7"
        logger[metadataKey: "switchboard.connection"] = "old"
        logger.debug("not written")
        logger.warning("stored", metadata: ["switchboard.connection": "demo-wa"])
        #expect(lines.all.count == 1)
        let line = lines.all.first ?? ""
        #expect(line.contains(" warning test: hb.request.id=7 switchboard.connection=demo-wa ["))
        #expect(line.hasSuffix("] stored\n"))
    }
}
