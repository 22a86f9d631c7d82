import Foundation

/// The `serve` configuration of every node of a chaos run: one WhatsApp connection (a prepaid wallet, one approved
/// marketing template) whose sends go to the mock provider, one subscriber taking every event, one API key, short
/// retry and poll intervals so the run drains in seconds.
enum ChaosConfiguration {
    static let account = "106540352242922"
    static let appSecret = "chaos-app-secret"
    static let apiKey = "chaos-agent-key"
    static let subscriberSecret = "chaos-subscriber-secret"
    /// The wallet's opening balance (USD); a marketing template costs 0.025 on the default price table.
    static let openingBalance = "1000.00"
    static let templatePriceMicros: Int64 = 25_000

    static func yaml(port: Int, store: String, mockURL: String, subscriberURL: String) -> String {
        """
        listen: 127.0.0.1:\(port)
        log_level: notice
        \(store)
        connections:
          - name: wa
            provider: meta
            channel: whatsapp
            account: "\(account)"
            secrets:
              app_secret: \(appSecret)
              access_token: chaos-graph-token
            base_url: \(mockURL)
            outbound:
              prepaid_balance: "\(openingBalance)"
              templates:
                - name: promo
                  category: marketing
                  language: en_US
              rate_limit:
                connection: {count: 10000, burst: 10000}
                per_recipient: null
        subscribers:
          - name: crm
            url: \(subscriberURL)
            secret: \(subscriberSecret)
        api_keys:
          - key: \(apiKey)
        delivery:
          initial_backoff_ms: 50
          max_backoff_ms: 500
          poll_interval_ms: 200
          timeout_ms: 2000
        dispatcher:
          poll_interval_ms: 200
          lease_ms: 3000
          timeout_ms: 2000
          connect_timeout_ms: 1000
          retry:
            max_attempts: 40
            base_delay_ms: 50
            max_delay_ms: 500
        """
    }

    /// The `store:` block: `postgres` on `schema`, else a SQLite file.
    static func store(_ plan: ChaosPlan.Store, schema: String, sqlitePath: String, claimLeaseMilliseconds: Int) -> String {
        switch plan {
        case .sqlite:
            "store:\n  sqlite: \(sqlitePath)\n  synchronous: normal"
        case .postgres(let url):
            "store:\n  postgres:\n    url: \(url)\n    schema: \(schema)\n    claim_lease_ms: \(claimLeaseMilliseconds)\n    max_connections: 4"
        }
    }
}
