import AdapterKit
import Foundation
import Logging
import SwitchboardCore
import SwitchboardServer
import TestSupport
import Testing

/// `insecure_accept_unsigned` and `limits.clock_skew_ms` in the configuration: a connection that would accept webhooks
/// without proof of origin is refused unless it says so, the key is refused where it changes nothing, and `serve`
/// warns at start about each connection that accepts unsigned webhooks.
@Suite("Configuration: unsigned webhooks and clock skew")
struct UnsignedWebhookConfigurationTests {
    let loader = ConfigurationLoader(secrets: SecretSource(environment: [:]), knownProviders: [.meta, .dialog360, .email])

    static func yaml(_ connection: String, limits: String = "") -> String {
        "listen: 127.0.0.1:0\nconnections:\n" + connection + (limits.isEmpty ? "" : "\nlimits:\n" + limits)
    }

    @Test("a 360dialog or email connection with no webhook check is refused, naming the line, the remedy and the flag")
    func unsignedConnectionsAreRefused() {
        let dialog = Self.yaml("  - name: d360\n    provider: 360dialog\n    secrets:\n      api_key: k")
        #expect(
            loader.problems(in: dialog) == [
                "line 3: connections[0]: this 360dialog connection would accept webhooks without any proof of origin: configure the "
                    + "secret webhook_secret (x-360dialog-signature), or the option webhook_header with the secret webhook_header_value "
                    + "(a static header set on the webhook URL at 360dialog); or, to accept unsigned webhooks knowingly (mail posted "
                    + "from inside a trust boundary), set insecure_accept_unsigned: true"
            ])
        let mail = Self.yaml("  - name: mail\n    provider: email\n    account: support@example.com")
        let problems = loader.problems(in: mail)
        #expect(problems.count == 1)
        #expect(problems.first?.contains("configure the secret webhook_token") == true)
        #expect(problems.first?.contains("insecure_accept_unsigned: true") == true)
    }

    @Test("with insecure_accept_unsigned: true, or with a check configured, the connection loads")
    func flaggedOrConfiguredConnectionsLoad() throws {
        let flagged = try loader.load(
            yaml: Self.yaml("  - name: mail\n    provider: email\n    insecure_accept_unsigned: true"))
        #expect(flagged.connections.first?.insecureAcceptUnsigned == true)
        let signed = try loader.load(
            yaml: Self.yaml(
                "  - name: mail\n    provider: email\n    secrets:\n      webhook_token: t\n"
                    + "  - name: d360\n    provider: 360dialog\n    options:\n      webhook_header: X-Partner\n"
                    + "    secrets:\n      webhook_header_value: v"))
        #expect(signed.connections.map(\.insecureAcceptUnsigned) == [false, false])
    }

    @Test("insecure_accept_unsigned is refused where it changes nothing: a provider that signs every webhook, a configured check")
    func theFlagIsRefusedWhereItChangesNothing() {
        let meta = Self.yaml("  - name: wa\n    provider: meta\n    insecure_accept_unsigned: true\n    secrets:\n      app_secret: s")
        #expect(
            loader.problems(in: meta) == [
                "line 5: connections[0].insecure_accept_unsigned: meta signs every webhook and its connections always check it; "
                    + "remove insecure_accept_unsigned and configure its secret"
            ])
        let configured = Self.yaml(
            "  - name: mail\n    provider: email\n    insecure_accept_unsigned: true\n    secrets:\n      webhook_token: t")
        #expect(loader.problems(in: configured).first?.contains("configures a webhook check, which always applies") == true)
        let notBoolean = Self.yaml("  - name: mail\n    provider: email\n    insecure_accept_unsigned: sometimes")
        #expect(loader.problems(in: notBoolean).contains { $0.contains("expected true or false") })
    }

    @Test("limits.clock_skew_ms: 5 minutes by default, set in milliseconds from 0 to one hour")
    func clockSkew() throws {
        let meta = "  - name: wa\n    provider: meta\n    secrets:\n      app_secret: s"
        #expect(try loader.load(yaml: Self.yaml(meta)).limits.clockSkewMilliseconds == 300_000)
        #expect(try loader.load(yaml: Self.yaml(meta, limits: "  clock_skew_ms: 60000")).limits.clockSkewMilliseconds == 60_000)
        #expect(try loader.load(yaml: Self.yaml(meta, limits: "  clock_skew_ms: 0")).limits.clockSkewMilliseconds == 0)
        #expect(loader.problems(in: Self.yaml(meta, limits: "  clock_skew_ms: 3600001")).count == 1)
        #expect(loader.problems(in: Self.yaml(meta, limits: "  clock_skew_ms: -1")).count == 1)
    }

    @Test("the gateway logs a warning at start naming each connection that accepts unsigned webhooks, and no secret")
    func warningAtStart() throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var open = ConnectionConfig(name: "mail-open", provider: .email, channel: .email, secrets: ["smtp_password": "hunter2-secret"])
        open.insecureAcceptUnsigned = true
        let signed = ConnectionConfig(name: "mail-signed", provider: .email, channel: .email, secrets: ["webhook_token": "token-secret"])
        let records = RecordedLogs()
        let configuration = GatewayConfiguration(
            host: "127.0.0.1", port: 0, store: StoreSettings(sqlitePath: directory.appendingPathComponent("db.sqlite").path),
            connections: [open, signed])
        _ = try buildApplication(configuration: configuration, transport: NoTransport(), logger: records.logger)
        let warnings = records.lines.filter { $0.level == .warning && $0.message.contains("unsigned webhooks") }
        #expect(warnings.map { $0.metadata["switchboard.connection"] } == ["mail-open"])
        #expect(!records.lines.contains { "\($0.message) \($0.metadata)".contains("hunter2") })
    }

    @Test("switchboard config check refuses a connection that would accept unsigned webhooks (exit 1) and passes it with the flag")
    func configCheckCommand() throws {
        try #require(SwitchboardProcess.isBuilt, "swift build makes .build/debug/switchboard")
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("switchboard.yaml")
        try Self.yaml("  - name: mail\n    provider: email\n    account: support@example.com").write(
            to: file, atomically: true, encoding: .utf8)
        let refused = try SwitchboardProcess.run(["config", "check", file.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("connections[0]: this email connection would accept webhooks without any proof of origin"))
        try Self.yaml("  - name: mail\n    provider: email\n    insecure_accept_unsigned: true").write(
            to: file, atomically: true, encoding: .utf8)
        let passed = try SwitchboardProcess.run(["config", "check", file.path])
        #expect(passed.status == 0)
        #expect(passed.stderr.contains("warning: connection mail accepts unsigned webhooks (insecure_accept_unsigned: true)"))
    }
}

/// A logger whose lines a test reads back.
final class RecordedLogs: Sendable {
    struct Line: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
    }

    private let storage = Locked([Line]())
    var lines: [Line] { storage.withLock { $0 } }

    var logger: Logger {
        let records = self
        return Logger(label: "test") { _ in Handler(records: records) }
    }

    func append(_ line: Line) { storage.withLock { $0.append(line) } }

    struct Handler: LogHandler {
        let records: RecordedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            var fields: [String: String] = [:]
            for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) { fields[key] = "\(value)" }
            records.append(Line(level: event.level, message: "\(event.message)", metadata: fields))
        }
    }
}
