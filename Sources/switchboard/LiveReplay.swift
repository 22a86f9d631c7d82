import AdapterKit
import Foundation
import SwitchboardAdapters
import SwitchboardCore
import SwitchboardFixtures
import SwitchboardServer
import SwitchboardTransport

/// `replay --to URL`: posts inbound fixtures to a running gateway, signed with the configured (or
/// demo) secrets of a matching connection, and checks the answer: 2xx for a fixture with a golden,
/// 400 for one whose golden is a refusal.
struct LiveReplay {
    var baseURL: String
    var configuration: GatewayConfiguration
    var transport: any HTTPTransport

    /// One fixture's result line and whether it was as expected.
    struct Line {
        var text: String
        var passed: Bool
    }

    func run(_ cases: [FixtureCase]) async -> [Line] {
        var lines: [Line] = []
        let runner = FixtureRunner(registry: StandardAdapters.registry)
        for fixture in cases where fixture.kind == .inbound {
            do {
                lines.append(try await post(fixture, runner: runner))
            } catch {
                lines.append(Line(text: "FAIL \(fixture.displayName): \(error)", passed: false))
            }
        }
        return lines
    }

    private func post(_ fixture: FixtureCase, runner: FixtureRunner) async throws -> Line {
        let bytes = Array(try Data(contentsOf: fixture.input))
        var (request, context) = try runner.inboundRequest(for: fixture, bytes: bytes)
        guard let connection = connection(for: fixture.provider, context: context) else {
            return Line(text: "skip \(fixture.displayName): no \(fixture.provider) connection configured", passed: true)
        }
        let query = request.url.firstIndex(of: "?").map { String(request.url[$0...]) } ?? ""
        request.url = baseURL + "/webhooks/\(fixture.provider.rawValue)/\(connection.name)" + query
        request.headers.removeAll { ["host", "content-length", "connection"].contains($0.name.lowercased()) }
        let signed = WebhookSigner.sign(request, connection: connection)
        let response = try await transport.send(
            ProviderRequest(method: signed.method, url: signed.url, headers: signed.headers, body: signed.body),
            options: TransportOptions(timeout: .seconds(30), connectTimeout: .seconds(5)))
        let expectsRefusal = FileManager.default.fileExists(atPath: fixture.expectedError.path)
        let passed = expectsRefusal ? response.status == 400 : (200..<300).contains(response.status)
        let answer = String(decoding: response.body.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let expected = expectsRefusal ? "400" : "2xx"
        return Line(
            text: "\(passed ? "ok  " : "FAIL") \(fixture.displayName) -> \(connection.name): HTTP \(response.status)"
                + (passed ? "" : " (expected \(expected)) \(answer)"),
            passed: passed)
    }

    /// The connection of `provider` that fits the fixture's channel and account best.
    private func connection(for provider: Provider, context: DecodeContext) -> ConnectionConfig? {
        let candidates = configuration.connections.filter { $0.provider == provider }
        return candidates.first { $0.channel == context.channel && $0.account == context.account }
            ?? candidates.first { context.channel != nil && $0.channel == context.channel }
            ?? candidates.first
    }
}
