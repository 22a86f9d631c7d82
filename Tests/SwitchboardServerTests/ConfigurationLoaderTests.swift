import AdapterKit
import SwitchboardCore
import SwitchboardServer
import Testing

@Suite("Configuration loader")
struct ConfigurationLoaderTests {
    let providers: Set<Provider> = [.meta, .telegram, .twilio]

    func loader(environment: [String: String] = [:], files: [String: String] = [:]) -> ConfigurationLoader {
        ConfigurationLoader.reading(environment: environment, files: files, knownProviders: providers)
    }

    @Test("a complete file loads: environment, file and literal secrets, subscribers, limits")
    func complete() throws {
        let yaml = """
            listen: 0.0.0.0:9090
            store:
              sqlite: /var/lib/switchboard/db.sqlite
            connections:
              - name: wa-main
                provider: meta
                channel: whatsapp
                account: "106540352242922"
                secrets:
                  app_secret: ${META_APP_SECRET}
                  access_token: file:/run/secrets/meta-token
                  verify_token: literal-token
                options:
                  api_version: v21.0
            subscribers:
              - name: crm
                url: http://127.0.0.1:9000/hook
                secret: ${CRM_SECRET}
                events: [message, status]
            api_keys:
              - key: k1
                connections: [wa-main]
            limits:
              max_body_bytes: 2048
            """
        let configuration = try loader(
            environment: ["META_APP_SECRET": "s3cr3t", "CRM_SECRET": "crm"], files: ["/run/secrets/meta-token": "tok\n"]
        ).load(yaml: yaml)
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.port == 9090)
        #expect(configuration.store.sqlitePath == "/var/lib/switchboard/db.sqlite")
        let connection = try #require(configuration.connections.first)
        #expect(connection.secrets["app_secret"]?.value == "s3cr3t")
        #expect(connection.secrets["access_token"]?.value == "tok")
        #expect(connection.secrets["verify_token"]?.value == "literal-token")
        #expect(connection.options["api_version"] == "v21.0")
        #expect(configuration.subscribers.first?.kinds == [.message, .status])
        #expect(configuration.limits.maxBodyBytes == 2048)
        #expect(!"\(connection)".contains("s3cr3t"))
    }

    @Test("every problem is reported with its line and key")
    func problems() {
        let yaml = """
            listen: localhost
            connections:
              - name: wa
                provider: metta
                secrets:
                  app_secret: ${MISSING_SECRET}
              - name: wa
                provider: telegram
                chanel: telegram
            subscribers:
              - name: crm
                url: ftp://example.com
                secret: x
                events: [message, reads]
            """
        #expect(throws: ConfigurationError.self) { try loader().load(yaml: yaml) }
        do {
            _ = try loader().load(yaml: yaml)
        } catch {
            let lines = error.problems.map(\.description)
            #expect(lines.contains { $0.hasPrefix("line 1: listen:") })
            #expect(lines.contains { $0.hasPrefix("line 4: connections[0].provider: unknown provider \"metta\"") })
            #expect(lines.contains { $0 == "line 6: connections[0].secrets.app_secret: environment variable MISSING_SECRET is not set" })
            #expect(lines.contains { $0.hasPrefix("line 7: connections[1].name: another connection") })
            #expect(lines.contains { $0.hasPrefix("line 9: connections[1].chanel: unknown key") })
            #expect(lines.contains { $0.hasPrefix("line 12: subscribers[0].url:") })
            #expect(lines.contains { $0.hasPrefix("line 14: subscribers[0].events: unknown event kind \"reads\"") })
            #expect(error.problems.count == 7)
        }
    }

    @Test("bench: is not a configuration key: it is reported like any unknown top-level key")
    func benchIsUnknown() {
        func problems(_ yaml: String) -> [String] {
            do {
                _ = try loader().load(yaml: yaml)
                Issue.record("expected the configuration to be refused")
                return []
            } catch {
                return error.problems.map(\.description)
            }
        }
        let bench = problems("listen: 127.0.0.1:8080\nbench:\n  noop_route: true\n")
        let other = problems("listen: 127.0.0.1:8080\ncolour: blue\n")
        #expect(bench.count == 1 && other.count == 1, "\(bench) \(other)")
        #expect(bench.first?.hasPrefix("line 2: bench: unknown key (expected one of: api_keys, connections, delivery,") == true, "\(bench)")
        #expect(bench.first?.replacingOccurrences(of: "bench:", with: "colour:") == other.first)
        #expect(bench.first?.split(separator: "(expected one of:").last?.contains("bench") == false, "\(bench)")
    }

    @Test("a YAML syntax error names its line")
    func syntax() {
        do {
            _ = try loader().load(yaml: "listen: 127.0.0.1:8080\nconnections:\n  - name: [unclosed\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.problems.first?.line != nil)
        }
    }

    @Test("the embedded demo configuration loads with the standard adapters")
    func demo() throws {
        let configuration = try ConfigurationLoader(
            secrets: SecretSource(environment: [:]),
            knownProviders: [.meta, .dialog360, .telegram, .twilio, .vonage, .messagebird, .email]
        ).load(yaml: GatewayConfiguration.demoYAML)
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.store.sqlitePath == "./switchboard-data/switchboard.db")
        #expect(configuration.connections.contains { $0.name == "demo-wa" && $0.account == "106540352242922" })
    }
}
