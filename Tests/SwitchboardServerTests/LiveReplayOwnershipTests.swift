import Foundation
import HummingbirdTesting
import SwitchboardServer
import TestSupport
import Testing

/// `switchboard replay --to` against the demo: what the README's first demo runs.
@Suite("replay --to posts each fixture to the connection that owns its events")
struct LiveReplayOwnershipTests {
    /// Runs the `switchboard` binary off the cooperative pool (the gateway it talks to answers on that pool).
    static func command(_ arguments: [String]) async throws -> SwitchboardProcess.Run {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try SwitchboardProcess.run(arguments) })
            }
        }
    }

    @Test("fixtures/meta to the demo: those naming an account no demo connection owns are skipped with the reason, none fails")
    func metaFixturesToTheDemo() async throws {
        try #require(SwitchboardProcess.isBuilt, "build the binary first: swift build")
        let demo = try DemoGateway()
        let store = demo.gateway.store
        try await demo.gateway.application.test(.live) { client in
            let run = try await Self.command(["replay", "--to", "http://127.0.0.1:\(client.port ?? 0)", "fixtures/meta"])
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
            let lines = run.stdout.split(separator: "\n")
            #expect(!lines.contains { $0.hasPrefix("FAIL") })
            let skipped = lines.filter { $0.hasPrefix("skip ") }
            #expect(skipped.contains { $0.contains(#"which no configured meta connection owns"#) })
            #expect(lines.last?.hasSuffix("\(skipped.count) skipped") == true)
            #expect(try await store.conversation("whatsapp:106540352242922:16505551234")?.lastInboundAt != nil)
            #expect(try await store.quarantined(limit: 1000).allSatisfy { !$0.reason.hasPrefix("account_not_owned") })
        }
        await demo.transport.shutdown()
    }
}
