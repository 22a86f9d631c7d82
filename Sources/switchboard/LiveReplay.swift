import AdapterKit
import Foundation
import SwitchboardAdapters
import SwitchboardCore
import SwitchboardFixtures
import SwitchboardServer
import SwitchboardTransport

/// `replay --to URL`: posts inbound fixtures to a running gateway, signed with the configured (or
/// demo) secrets of the connection that owns their events, and checks the answer: 2xx for a fixture with a
/// golden, 400 for one whose golden is a refusal. A fixture whose events name an account no configured
/// connection owns is skipped, with that reason (the gateway would refuse it with 401).
struct LiveReplay {
    var baseURL: String
    var configuration: GatewayConfiguration
    var transport: any HTTPTransport

    /// One fixture's result line and whether it was as expected (a skipped fixture counts as expected).
    struct Line {
        var text: String
        var passed: Bool
        var skipped = false
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
        let connection: ConnectionConfig
        let adapter: any ChannelAdapter
        switch self.connection(for: fixture.provider, request: request, context: context) {
        case .skip(let reason): return Line(text: "skip \(fixture.displayName): \(reason)", passed: true, skipped: true)
        case .post(let chosen, let chosenAdapter): (connection, adapter) = (chosen, chosenAdapter)
        }
        request.url = baseURL + "/webhooks/\(fixture.provider.rawValue)/\(connection.name)" + Self.query(of: request.url)
        // The fixture's own credentials and signatures go; the adapter signs with the connection's secrets.
        request.headers.removeAll {
            ["host", "content-length", "connection"].contains($0.name.lowercased()) || SensitiveHeaders.isSensitive($0.name)
        }
        let signed = adapter.sign(request, connection: connection, at: Timestamp(Date()))
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

    /// The query of a fixture's URL (`?...`, or empty) without the parameters a recording redacted
    /// (`token=<redacted>`): the signer adds the connection's own credentials.
    static func query(of url: String) -> String {
        guard let mark = url.firstIndex(of: "?") else { return "" }
        var query = url[url.index(after: mark)...]
        if let hash = query.firstIndex(of: "#") { query = query[..<hash] }
        let kept = query.split(separator: "&").filter { FormBody.parse(String($0)).fields.first?.value != WebhookRedaction.placeholder }
        return kept.isEmpty ? "" : "?" + kept.joined(separator: "&")
    }

    /// Where a fixture goes.
    enum Choice {
        /// Post it to this connection's path, signed by the adapter with the connection's secrets.
        case post(ConnectionConfig, any ChannelAdapter)
        /// Skip it, for this reason.
        case skip(String)
    }

    /// The connection of `provider` to post the fixture to: of those that fit its channel and account best first,
    /// the first that owns every event the fixture decodes to for it (the gateway refuses, 401, a body naming an
    /// account that the connection whose secret signed it does not own). A fixture that does not decode (its golden
    /// is a refusal) goes to the best fit; one whose events no configured connection owns is skipped.
    private func connection(for provider: Provider, request: InboundRequest, context: DecodeContext) -> Choice {
        let candidates = configuration.connections.filter { $0.provider == provider }
        guard let adapter = StandardAdapters.registry.adapter(for: provider), !candidates.isEmpty else {
            return .skip("no \(provider) connection configured")
        }
        let best =
            candidates.first { $0.channel == context.channel && $0.account == context.account }
            ?? candidates.first { context.channel != nil && $0.channel == context.channel } ?? candidates[0]
        var unowned: String?
        for candidate in [best] + candidates.filter({ $0.name != best.name }) {
            let events: [CanonicalEvent]
            do {
                events = try adapter.decode(request, context: DecodeContext(connection: candidate))
            } catch {
                return .post(best, adapter)
            }
            guard let stranger = events.first(where: { adapter.owner(of: $0.account, among: [candidate]) == nil }) else {
                return .post(candidate, adapter)
            }
            unowned = unowned ?? stranger.account
        }
        return .skip("its events name account \"\(unowned ?? "")\", which no configured \(provider) connection owns")
    }
}
