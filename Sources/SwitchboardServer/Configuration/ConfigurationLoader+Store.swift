import Foundation
import SwitchboardPostgres
import SwitchboardStore
import Yams

/// The `store:` section: `sqlite` (a file) or `postgres` (a server several gateway processes share).
extension ConfigurationLoader {
    func readStore(_ store: Node, walker: YAMLWalker, into settings: inout StoreSettings) {
        guard let members = walker.mapping(store, "store", allowed: ["sqlite", "postgres", "synchronous"]) else { return }
        if let postgres = members["postgres"] {
            if members["sqlite"] != nil {
                walker.problem(members["sqlite"], "store.sqlite", "set either sqlite or postgres, not both")
            }
            if members["synchronous"] != nil {
                walker.problem(
                    members["synchronous"], "store.synchronous",
                    "applies to sqlite only (PostgreSQL commits with synchronous_commit = on)")
            }
            settings.postgres = readPostgres(postgres, walker: walker)
            return
        }
        if let path = walker.string(members["sqlite"], "store.sqlite", required: true, parent: store) {
            settings.sqlitePath = path
        }
        if let synchronous = walker.string(members["synchronous"], "store.synchronous") {
            if let mode = SQLiteSynchronous(rawValue: synchronous.lowercased()) {
                settings.synchronous = mode
            } else {
                walker.problem(members["synchronous"], "store.synchronous", "expected full or normal")
            }
        }
    }

    /// `store.postgres`: `url` (a secret: `${ENV}`, `file:/path` or literal; never echoed in problems),
    /// `schema`, `max_connections`, `claim_lease_ms`, `connect_timeout_ms`, `tls` (`disable` | `require`), `tls_ca_file`.
    private func readPostgres(_ node: Node, walker: YAMLWalker) -> PostgresStoreConfiguration? {
        let path = "store.postgres"
        guard
            let members = walker.mapping(
                node, path,
                allowed: ["url", "schema", "max_connections", "claim_lease_ms", "connect_timeout_ms", "tls", "tls_ca_file"])
        else { return nil }
        // Every key is checked even when the URL is wrong, so one run reports every problem.
        var configuration = readPostgresURL(members["url"], parent: node, walker: walker)
        if let schema = walker.string(members["schema"], "\(path).schema") { configuration?.schema = schema }
        if let value = walker.int(members["max_connections"], "\(path).max_connections", range: 1...1000) {
            configuration?.maximumConnections = value
        }
        if let value = walker.int(members["claim_lease_ms"], "\(path).claim_lease_ms", range: 1000...86_400_000) {
            configuration?.claimLeaseMilliseconds = Int64(value)
        }
        if let value = walker.int(members["connect_timeout_ms"], "\(path).connect_timeout_ms", range: 100...600_000) {
            configuration?.connectTimeoutMilliseconds = Int64(value)
        }
        if let tls = walker.string(members["tls"], "\(path).tls") {
            if let mode = PostgresStoreConfiguration.TLSMode(rawValue: tls) {
                configuration?.tls = mode
            } else {
                walker.problem(members["tls"], "\(path).tls", "expected disable or require")
            }
        }
        if let file = walker.string(members["tls_ca_file"], "\(path).tls_ca_file") {
            if FileManager.default.isReadableFile(atPath: file) {
                configuration?.trustRootsFile = file
            } else {
                walker.problem(members["tls_ca_file"], "\(path).tls_ca_file", "cannot read \(file)")
            }
        }
        guard let configuration else { return nil }
        do {
            try configuration.validate()
        } catch {
            walker.problem(node, path, error.message)
            return nil
        }
        return configuration
    }

    /// The configuration `store.postgres.url` names (resolved as a secret), or `nil` after reporting why not.
    private func readPostgresURL(_ node: Node?, parent: Node, walker: YAMLWalker) -> PostgresStoreConfiguration? {
        let path = "store.postgres.url"
        guard let text = walker.string(node, path, required: true, parent: parent), !text.isEmpty else { return nil }
        switch secrets.resolve(text) {
        case .failure(let failure):
            walker.problem(node, path, failure.message)
            return nil
        case .success(let url):
            do {
                return try PostgresStoreConfiguration(url: url.value)
            } catch {
                walker.problem(node, path, "\(error.message) (expected postgres://user[:password]@host[:port]/database)")
                return nil
            }
        }
    }
}

extension ConfigurationLoader {
    /// `retention: {events_days, deliveries_days, quarantine_days, outbound_days, interval_minutes, batch_size}`; a `*_days` of
    /// `forever` keeps that kind of row.
    func readRetention(_ node: Node, walker: YAMLWalker, into settings: inout RetentionSettings) {
        let keys: Set<String> = ["events_days", "deliveries_days", "quarantine_days", "outbound_days", "interval_minutes", "batch_size"]
        guard let members = walker.mapping(node, "retention", allowed: keys) else { return }
        func days(_ key: String, minimum: Int, current: Int?) -> Int? {
            guard let value = members[key] else { return current }
            if walker.string(value, "retention.\(key)") == "forever" { return nil }
            return walker.int(value, "retention.\(key)", range: minimum...36_500) ?? current
        }
        settings.eventDays = days("events_days", minimum: RetentionSettings.minimumEventDays, current: settings.eventDays)
        settings.deliveryDays = days("deliveries_days", minimum: 1, current: settings.deliveryDays)
        settings.quarantineDays = days("quarantine_days", minimum: 1, current: settings.quarantineDays)
        settings.outboundDays = days("outbound_days", minimum: RetentionSettings.minimumOutboundDays, current: settings.outboundDays)
        if let value = walker.int(members["interval_minutes"], "retention.interval_minutes", range: 1...10_080) {
            settings.intervalMinutes = value
        }
        if let value = walker.int(members["batch_size"], "retention.batch_size", range: 1...100_000) { settings.batchSize = value }
    }
}
