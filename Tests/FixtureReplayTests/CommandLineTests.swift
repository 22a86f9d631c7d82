import Foundation
import TestSupport
import Testing

/// The command line as a user runs it: the built `switchboard` binary, stdin in, stdout/stderr and exit status out.
@Suite struct CommandLineTests {
    func run(_ arguments: [String], stdin: [UInt8]) throws -> SwitchboardProcess.Run {
        try #require(SwitchboardProcess.isBuilt, "build the binary first: swift build")
        return try SwitchboardProcess.run(arguments, stdin: stdin)
    }

    @Test
    func normalizePrintsOneJSONObjectPerLine() throws {
        let body = try FixturePaths.bytes("meta", "whatsapp-edge-multi-entry-batch.json")
        let result = try run(["normalize", "--provider", "meta"], stdin: body)
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count >= 2)
        #expect(lines.allSatisfy { $0.hasPrefix("{\"account\":") })
        let again = try run(["normalize", "--provider", "meta"], stdin: body)
        #expect(again.stdout == result.stdout, "the same body normalized twice gives the same events and ids")
    }

    @Test(
        arguments: [
            "{not json", #"{"object":"user","entry":[]}"#,
        ])
    func brokenBodiesExit65WithOneLine(_ body: String) throws {
        let result = try run(["normalize", "--provider", "meta"], stdin: Array(body.utf8))
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test
    func encodeRedactsTheToken() throws {
        let message = #"{"conversation":"whatsapp:106540352242922:16505551234","content":{"type":"text","text":"hi"}}"#
        let result = try run(["encode", "--provider", "meta"], stdin: Array(message.utf8))
        #expect(result.status == 0)
        #expect(result.stdout.contains("Bearer <redacted>"))
        #expect(!result.stdout.contains("example-access-token"))
    }
}
