import AdapterKit
import Foundation
import SwitchboardCore
import SwitchboardLedger
import SwitchboardPolicy
import SwitchboardQueue
import SwitchboardServer
import TestSupport
import Testing

@Suite("Configuration loader: policy, dispatcher, mock_provider and connections' outbound blocks")
struct OutboundConfigurationTests {
    let loader = ConfigurationLoader(secrets: SecretSource(environment: [:]), knownProviders: [.meta, .telegram, .twilio])

    static let complete = """
        policy:
          service_window_hours: 24
          entry_point_hours: 72
          human_agent_days: 7
          attachment_quota_mb: 20
          currency: EUR
          prices:
            whatsapp.marketing: 0.0611
            sms.message: "0.07"
          messaging_tier_limits:
            TIER_250: 300
          template_header_mime_types: [image/jpeg, image/png]
          attachments:
            whatsapp:
              image: {max_bytes: 1_000_000}
        dispatcher:
          enabled: true
          concurrency: 8
          batch_size: 16
          nodes: 2
          rate_limit_margin_ms: 120
          poll_interval_ms: 250
          lease_ms: 10000
          timeout_ms: 5000
          connect_timeout_ms: 2000
          retry:
            max_attempts: 5
            base_delay_ms: 200
            max_delay_ms: 60000
        mock_provider:
          listen: 127.0.0.1:0
          faults: seed=7,5xx=0.25
          max_recorded: 500
        connections:
          - name: wa
            provider: meta
            channel: whatsapp
            account: "106540352242922"
            outbound:
              prepaid_balance: 12.50
              contact_cap: 1000
              messaging_tier: TIER_2K
              blocklist: ["16505550000", "16505550001"]
              consent_required: true
              templates:
                - name: order_update
                  category: utility
                  languages: [en_US, de]
                  header: image
                - name: welcome
                  category: MARKETING
                  language: en_US
              rate_limit:
                connection: {count: 40, burst: 10}
                per_recipient: {count: 1, period_ms: 6000, burst: 2}
          - name: tg
            provider: telegram
            outbound:
              rate_limit:
                per_recipient: null
        """

    @Test("a complete outbound configuration round-trips into SendSettings and the mock provider settings")
    func roundTrip() throws {
        let configuration = try loader.load(yaml: Self.complete)
        let sending = configuration.sending
        let policy = sending.policy
        #expect(policy.serviceWindow == .seconds(24 * 3600))
        #expect(policy.entryPointLength == .seconds(72 * 3600))
        #expect(policy.humanAgentWindow == .seconds(7 * 86_400))
        #expect(policy.monthlyAttachmentQuotaBytes == 20_000_000)
        #expect(policy.prices.currency == "EUR")
        #expect(policy.prices.prices["whatsapp.marketing"] == Decimal(string: "0.0611"))
        #expect(policy.prices.prices["sms.message"] == Decimal(string: "0.07"))
        #expect(policy.messagingTierLimits[.tier250] == 300)
        #expect(policy.templateHeaderMIMETypes == ["image/jpeg", "image/png"])
        #expect(policy.attachmentLimits[.whatsapp]?.rule(for: .image)?.maxBytes == 1_000_000)

        let dispatcher = sending.dispatcher
        #expect(sending.dispatcherEnabled)
        #expect(dispatcher.concurrency == 8)
        #expect(dispatcher.batchSize == 16)
        #expect(dispatcher.nodes == 2)  // accepted, ignored: the nodes share the limits through the store
        #expect(dispatcher.rateLimitMargin == .milliseconds(120))
        #expect(DispatcherSettings().rateLimitMargin == .milliseconds(50))
        #expect(dispatcher.pollInterval == .milliseconds(250))
        #expect(dispatcher.lease == .seconds(10))
        #expect(dispatcher.transport.timeout == .seconds(5))
        #expect(dispatcher.transport.connectTimeout == .seconds(2))
        #expect(dispatcher.retryPolicy == RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(200), maxDelay: .seconds(60)))

        let wa = try #require(sending.accounts["wa"])
        #expect(wa.prepaidBalance == Money(decimalString: "12.50"))
        #expect(wa.contactCap == 1000)
        #expect(wa.messagingTier == .tier2K)
        #expect(wa.blocklist == ["16505550000", "16505550001"])
        #expect(wa.consentRequired)
        #expect(
            wa.templates == [
                ApprovedTemplate(name: "order_update", category: "utility", headerFormat: .image, languages: ["en_US", "de"]),
                ApprovedTemplate(name: "welcome", category: "marketing", languages: ["en_US"]),
            ])
        #expect(
            dispatcher.connectionLimits["wa"]
                == ConnectionRateLimits(
                    connection: RateLimit(40, burst: 10), perRecipient: RateLimit(1, per: .seconds(6), burst: 2)))
        // Members left out keep the provider's default; null removes one.
        let telegram = try #require(dispatcher.connectionLimits["tg"])
        #expect(telegram.connection == RateLimits.telegram.connection)
        #expect(telegram.perRecipient == nil)
        #expect(telegram.perGroup == RateLimits.telegram.perGroup)
        #expect(sending.accounts["tg"] == AccountSettings())

        let mock = try #require(configuration.mockProvider)
        #expect(mock.host == "127.0.0.1")
        #expect(mock.port == 0)
        #expect(mock.maxRecordedRequests == 500)
        #expect(mock.faults.seed == 7)
    }

    @Test("no outbound keys: the defaults, no mock provider; mock_provider also takes a plain host:port")
    func defaults() throws {
        let plain = try loader.load(yaml: "listen: 127.0.0.1:8080\n")
        #expect(plain.sending.policy == .standard)
        #expect(plain.sending.accounts.isEmpty)
        #expect(plain.sending.dispatcher.connectionLimits.isEmpty)
        #expect(plain.mockProvider == nil)
        let mock = try loader.load(yaml: "mock_provider: 127.0.0.1:8090\n")
        #expect(mock.mockProvider == MockProviderSettings(host: "127.0.0.1", port: 8090))
    }

    /// The problems `yaml` is refused with, as `line key` strings.
    func problems(_ yaml: String) -> [String] {
        do {
            _ = try loader.load(yaml: yaml)
            Issue.record("expected the configuration to be refused")
            return []
        } catch {
            return error.problems.map { "\($0.line.map(String.init) ?? "-") \($0.key)" }
        }
    }

    @Test("every bad outbound value is reported with its line and key")
    func errors() {
        let yaml = """
            policy:
              service_window_hours: -1
              attachments:
                whatsapp:
                  image: {max_bytes: lots}
              colour: blue
            dispatcher:
              concurrency: 0
              retry:
                max_attempts: many
                jitter: full
              speed: fast
            mock_provider:
              listen: nowhere
              faults: 5xx=2
            connections:
              - name: wa
                provider: meta
                channel: whatsapp
                outbound:
                  prepaid_balance: ten
                  messaging_tier: TIER_1M
                  consent_required: maybe
                  templates:
                    - name: order_update
                      category: promo
                      header: gif
                    - category: utility
                  rate_limit:
                    connection: {burst: 5}
                    per_recipient: {count: 0}
                  colour: red
            """
        let found = problems(yaml)
        let expected = [
            "2 policy.service_window_hours", "5 policy.attachments.whatsapp.image.max_bytes", "6 policy.colour",
            "8 dispatcher.concurrency", "10 dispatcher.retry.max_attempts", "11 dispatcher.retry.jitter", "12 dispatcher.speed",
            "14 mock_provider.listen", "15 mock_provider.faults",
            "21 connections[0].outbound.prepaid_balance", "22 connections[0].outbound.messaging_tier",
            "23 connections[0].outbound.consent_required", "26 connections[0].outbound.templates[0].category",
            "27 connections[0].outbound.templates[0].header", "28 connections[0].outbound.templates[1].name",
            "30 connections[0].outbound.rate_limit.connection.count", "31 connections[0].outbound.rate_limit.per_recipient.count",
            "32 connections[0].outbound.colour",
        ]
        for problem in expected { #expect(found.contains(problem), "missing \(problem) in \(found)") }
        #expect(found.count == expected.count, "\(found)")
    }

    @Test("the embedded demo configures a demo API key, the in-process mock provider and base URLs pointing at it")
    func demo() throws {
        let configuration = try ConfigurationLoader(
            secrets: SecretSource(environment: [:]), knownProviders: [.meta, .dialog360, .telegram, .twilio, .vonage, .messagebird, .email]
        ).load(yaml: GatewayConfiguration.demoYAML)
        #expect(configuration.apiKeys.map(\.key.value) == ["demo-api-key"])
        let mock = try #require(configuration.mockProvider)
        #expect("\(mock.host):\(mock.port)" == "127.0.0.1:8090")
        for connection in configuration.connections where connection.provider != .email {
            #expect(connection.baseURL == "http://127.0.0.1:8090", "\(connection.name)")
        }
        // The demo's templates come from the mock's catalog (read through its business account), not from a list.
        #expect(configuration.sending.accounts["demo-wa"]?.templates.isEmpty ?? true)
        #expect(configuration.connections.first { $0.name == "demo-wa" }?.options["business_account_id"] == "102290129340398")
    }

    @Test("the complete example in docs/configuration.md loads, its outbound keys included")
    func documentedExample() throws {
        let text = try String(contentsOf: FixturePaths.packageRoot.appendingPathComponent("docs/configuration.md"), encoding: .utf8)
        let start = try #require(text.range(of: "## Complete example\n\n```yaml\n"))
        let end = try #require(text.range(of: "\n```", range: start.upperBound..<text.endIndex))
        let yaml = String(text[start.upperBound..<end.lowerBound])
        var environment: [String: String] = [:]
        for part in yaml.components(separatedBy: "${").dropFirst() {
            environment[String(part.prefix { $0 != "}" })] = "from-environment"
        }
        let configuration = try ConfigurationLoader(
            secrets: SecretSource(environment: environment, readFile: { _ in "from-file" }), knownProviders: [.meta, .telegram, .twilio]
        ).load(yaml: yaml)
        #expect(configuration.sending.accounts["wa-main"]?.templates.first?.name == "order_update")
        #expect(configuration.sending.accounts["sms-us"]?.prepaidBalance == Money(decimalString: "100"))
        #expect(configuration.sending.dispatcher.connectionLimits["sms-us"]?.connection == RateLimit(1))
        #expect(configuration.sending.dispatcher.retryPolicy.maxAttempts == 8)
        #expect(configuration.mockProvider == nil)
        #expect(configuration.retention.eventDays == 90 && configuration.retention.quarantineDays == 30)
        #expect(configuration.transport == TransportSettings(maxConnectionsPerHost: 48, maxIdleConnections: 96))
    }
}
