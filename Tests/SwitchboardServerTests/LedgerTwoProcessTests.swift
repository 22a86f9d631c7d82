import Foundation
import SwitchboardCore
import SwitchboardCurl
import SwitchboardLedger
import SwitchboardTransport
import TestSupport
import Testing

/// Two `switchboard serve` processes on one PostgreSQL database race for one wallet over real HTTP: the wallet's
/// row lock, not anything in one process's memory, keeps the money exact (gated on `SWITCHBOARD_TEST_POSTGRES_URL`).
@Suite(
    "Ledger across processes: two `switchboard serve` on one PostgreSQL share a wallet",
    .enabled(if: PostgresTestServer.url != nil, "SWITCHBOARD_TEST_POSTGRES_URL is not set"))
struct LedgerTwoProcessTests {
    typealias Fx = LedgerAcceptFixture

    static func yaml(port: Int, url: String, schema: String) -> String {
        """
        listen: 127.0.0.1:\(port)
        metrics_listen: none
        store:
          postgres:
            url: \(url)
            schema: \(schema)
        dispatcher:
          enabled: false
        connections:
          - name: wa
            provider: meta
            channel: whatsapp
            account: "\(Fx.whatsappAccount)"
            secrets:
              app_secret: two-process-secret
              access_token: two-process-token
            base_url: http://127.0.0.1:9
            outbound:
              prepaid_balance: "0.25"
              templates:
                - name: promo
                  category: marketing
                  language: en_US
        api_keys:
          - key: \(Fx.key)
        """
    }

    @Test("50 concurrent paid sends over two gateway processes with money for 10: exactly 10 accepted, the wallet exact")
    func fiftyRaceForTenOverTwoProcesses() async throws {
        try #require(SwitchboardProcess.isBuilt, "build the binary first: swift build")
        let url = try #require(PostgresTestServer.url)
        let schema = "ledger2p_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let folder = try Fx.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var processes: [Process] = []
        defer { for process in processes where process.isRunning { process.terminate() } }
        var ports: [Int] = []
        for index in 0..<2 {
            let (port, socket) = try LoopbackListener.refusingPort()
            close(socket)
            ports.append(port)
            let file = folder.appendingPathComponent("gateway-\(index).yaml")
            try Self.yaml(port: port, url: url, schema: schema).write(to: file, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = SwitchboardProcess.binary
            process.arguments = ["serve", "--config", file.path]
            let log = folder.appendingPathComponent("serve-\(index).log")
            #expect(FileManager.default.createFile(atPath: log.path, contents: nil))
            let handle = try FileHandle(forWritingTo: log)
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            processes.append(process)
        }
        let transport = CurlTransport()
        for (index, port) in ports.enumerated() {
            let deadline = ContinuousClock.now + .seconds(60)
            var ready = false
            while !ready, ContinuousClock.now < deadline {
                let answer = try? await Fx.post(transport, port: port, path: "/v1/messages/check", body: Fx.template(to: "16505559999"))
                ready = answer?.status == 200
                if !ready { try await Task.sleep(for: .milliseconds(200)) }
            }
            let log = (try? String(contentsOf: folder.appendingPathComponent("serve-\(index).log"), encoding: .utf8)) ?? ""
            try #require(ready, "gateway \(index) did not answer within 60 s:\n\(log)")
        }

        let gateways = ports
        let answers = try await withThrowingTaskGroup(of: (port: Int, status: Int, json: JSONValue).self) { group in
            for index in 0..<50 {
                group.addTask {
                    let port = gateways[index % gateways.count]
                    let answer = try await Fx.post(transport, port: port, body: Fx.template(to: "1650556\(1000 + index)"))
                    return (port, answer.status, answer.json)
                }
            }
            var answers: [(port: Int, status: Int, json: JSONValue)] = []
            for try await answer in group { answers.append(answer) }
            return answers
        }
        #expect(answers.filter { $0.status == 202 }.count == 10)
        #expect(answers.filter { $0.status == 422 }.count == 40)
        #expect(answers.filter { $0.status == 422 }.allSatisfy { $0.json["code"]?.string == "balance_exhausted" })
        // Both processes accepted some: the race really crossed processes.
        let accepted = Set(answers.filter { $0.status == 202 }.map(\.port))
        #expect(accepted.count == 2, "accepted per port: \(answers.filter { $0.status == 202 }.map(\.port))")

        let account = try await Self.get(transport, port: ports[1], path: "/v1/connections/wa/account")
        #expect(account["balance"]?.string == "0.25", "\(account)")
        #expect(account["held"]?.string == "0.25", "\(account)")
        #expect(account["available"]?.string == "0.00", "\(account)")
        let entries = try await Self.get(transport, port: ports[0], path: "/v1/connections/wa/balance/entries?limit=100")
        let kinds = entries["items"]?.array?.compactMap { $0["kind"]?.string } ?? []
        #expect(kinds.filter { $0 == "hold" }.count == 10, "\(entries)")
        #expect(kinds.filter { $0 == "open" }.count == 1, "the opening balance is entered once, by whichever process opened the wallet")

        for process in processes { process.terminate() }
        for process in processes {
            let deadline = ContinuousClock.now + .seconds(30)
            while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            #expect(!process.isRunning)
        }
    }

    static func get(_ transport: CurlTransport, port: Int, path: String) async throws -> JSONValue {
        let response = try await transport.send(
            ProviderRequest(
                method: "GET", url: "http://127.0.0.1:\(port)\(path)",
                headers: [HTTPField(name: "Authorization", value: "Bearer \(Fx.key)")],
                body: []),
            options: TransportOptions(timeout: .seconds(10), connectTimeout: .seconds(2)))
        return (try? JSONParser.parse(response.body)) ?? .null
    }
}
