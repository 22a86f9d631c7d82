import AdapterKit
import Foundation
import SwitchboardCore
import SwitchboardMockFaults
import SwitchboardPolicy
import SwitchboardQueue
import Yams

/// The outbound keys (docs/configuration.md, "Sending"): `policy:`, `dispatcher:`, `mock_provider:` and each
/// connection's `outbound:` block, read into ``SendSettings`` and ``MockProviderSettings``.
extension ConfigurationLoader {
    /// `policy:`: read by ``PolicyConfiguration/init(json:)`` (one source of truth for its keys), one top-level
    /// key at a time so every bad key is reported with its line.
    func readPolicy(_ node: Node, walker: YAMLWalker) -> PolicyConfiguration? {
        guard case .mapping(let mapping) = node else {
            walker.problem(node, "policy", "expected a mapping (key: value lines)")
            return nil
        }
        var valid = true
        var seen: Set<String> = []
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            if !seen.insert(key).inserted {
                walker.problem(keyNode, "policy.\(key)", "duplicate key")
                valid = false
                continue
            }
            do {
                _ = try PolicyConfiguration(json: .object(JSONObject([(key, walker.json(value))])))
            } catch {
                // The message is "policy.<dotted path> <problem>"; point at the deepest node of that path.
                let text = error.message
                let space = text.firstIndex(of: " ") ?? text.endIndex
                let path = String(text[..<space])
                let components = path.split(separator: ".").dropFirst().map(String.init)
                let place = components.count <= 1 ? keyNode : walker.node(at: Array(components.dropFirst()), in: value)
                walker.problem(place, path, String(text[space...].drop(while: { $0 == " " })))
                valid = false
            }
        }
        guard valid else { return nil }
        return try? PolicyConfiguration(json: walker.json(node))
    }

    static let dispatcherKeys: Set<String> = [
        "enabled", "concurrency", "batch_size", "poll_interval_ms", "lease_ms", "timeout_ms", "connect_timeout_ms", "retry", "nodes",
        "rate_limit_margin_ms",
    ]

    /// `dispatcher:` (rate limits are per connection, in `outbound.rate_limit`).
    func readDispatcher(_ node: Node, walker: YAMLWalker, into sending: inout SendSettings) {
        guard let members = walker.mapping(node, "dispatcher", allowed: Self.dispatcherKeys) else { return }
        var settings = sending.dispatcher
        if let value = walker.bool(members["enabled"], "dispatcher.enabled") { sending.dispatcherEnabled = value }
        if let value = walker.int(members["concurrency"], "dispatcher.concurrency", range: 1...4096) { settings.concurrency = value }
        if let value = walker.int(members["batch_size"], "dispatcher.batch_size", range: 1...10_000) { settings.batchSize = value }
        // Ignored (the nodes share the limits through the store); still read so older files load and stay checked.
        if let value = walker.int(members["nodes"], "dispatcher.nodes", range: 1...1024) { settings.nodes = value }
        if let value = walker.milliseconds(members["rate_limit_margin_ms"], "dispatcher.rate_limit_margin_ms", range: 0...10_000) {
            settings.rateLimitMargin = value
        }
        if let value = walker.milliseconds(members["poll_interval_ms"], "dispatcher.poll_interval_ms", range: 1...600_000) {
            settings.pollInterval = value
        }
        if let value = walker.milliseconds(members["lease_ms"], "dispatcher.lease_ms", range: 100...3_600_000) { settings.lease = value }
        if let value = walker.milliseconds(members["timeout_ms"], "dispatcher.timeout_ms", range: 1...600_000) {
            settings.transport.timeout = value
        }
        if let value = walker.milliseconds(members["connect_timeout_ms"], "dispatcher.connect_timeout_ms", range: 1...600_000) {
            settings.transport.connectTimeout = value
        }
        if let retry = members["retry"],
            let fields = walker.mapping(retry, "dispatcher.retry", allowed: ["max_attempts", "base_delay_ms", "max_delay_ms"])
        {
            var policy = settings.retryPolicy
            if let value = walker.int(fields["max_attempts"], "dispatcher.retry.max_attempts", range: 1...1000) {
                policy.maxAttempts = value
            }
            if let value = walker.milliseconds(fields["base_delay_ms"], "dispatcher.retry.base_delay_ms", range: 1...86_400_000) {
                policy.baseDelay = value
            }
            if let value = walker.milliseconds(fields["max_delay_ms"], "dispatcher.retry.max_delay_ms", range: 1...86_400_000) {
                policy.maxDelay = value
            }
            if policy.maxDelay < policy.baseDelay {
                walker.problem(fields["max_delay_ms"] ?? retry, "dispatcher.retry.max_delay_ms", "must not be less than base_delay_ms")
            }
            settings.retryPolicy = policy
        }
        sending.dispatcher = settings
    }

    static let outboundKeys: Set<String> = [
        "prepaid_balance", "wallet", "low_balance", "portfolio", "currency", "contact_cap", "messaging_tier", "blocklist",
        "consent_required", "templates", "rate_limit",
    ]

    /// A connection's `outbound:` block: its business account (``AccountSettings``) and its rate limits.
    func readOutbound(_ node: Node, path: String, connection: ConnectionConfig, walker: YAMLWalker, into sending: inout SendSettings) {
        guard let members = walker.mapping(node, path, allowed: Self.outboundKeys) else { return }
        var account = AccountSettings()
        readWallet(members, path: path, walker: walker, into: &account)
        checkSharedWallet(account, connection: connection.name, members: members, path: path, walker: walker, sending: sending)
        account.contactCap = walker.int(members["contact_cap"], "\(path).contact_cap", range: 0...Int(Int32.max))
        if let tier = walker.string(members["messaging_tier"], "\(path).messaging_tier") {
            if let value = MessagingTier(metaName: tier) {
                account.messagingTier = value
            } else {
                let known = MessagingTier.allCases.map(\.rawValue).joined(separator: ", ")
                walker.problem(members["messaging_tier"], "\(path).messaging_tier", "unknown tier \"\(tier)\" (known: \(known))")
            }
        }
        account.blocklist = Set(walker.strings(members["blocklist"], "\(path).blocklist"))
        account.consentRequired = walker.bool(members["consent_required"], "\(path).consent_required") ?? false
        account.templates = readTemplates(members["templates"], path: "\(path).templates", walker: walker)
        sending.accounts[connection.name] = account
        if let limits = members["rate_limit"] {
            let defaults = Dispatcher.accountLimits(for: connection, settings: DispatcherSettings())
            if let value = readRateLimits(limits, path: "\(path).rate_limit", defaults: defaults, walker: walker) {
                sending.dispatcher.connectionLimits[connection.name] = value
            }
        }
    }

    private func readTemplates(_ node: Node?, path: String, walker: YAMLWalker) -> [ApprovedTemplate] {
        var templates: [ApprovedTemplate] = []
        for (index, item) in walker.sequence(node, path).enumerated() {
            let itemPath = "\(path)[\(index)]"
            guard let fields = walker.mapping(item, itemPath, allowed: ["name", "category", "languages", "language", "header"]) else {
                continue
            }
            let name = walker.string(fields["name"], "\(itemPath).name", required: true, parent: item) ?? ""
            let category = walker.string(fields["category"], "\(itemPath).category", required: true, parent: item) ?? ""
            if !category.isEmpty, !["marketing", "utility", "authentication"].contains(category.lowercased()) {
                walker.problem(fields["category"], "\(itemPath).category", "expected marketing, utility or authentication")
            }
            var header: ApprovedTemplate.HeaderFormat?
            if let text = walker.string(fields["header"], "\(itemPath).header"), !walker.isNull(fields["header"]) {
                header = ApprovedTemplate.HeaderFormat(rawValue: text.uppercased())
                if header == nil {
                    walker.problem(fields["header"], "\(itemPath).header", "expected text, image, video, document or location")
                }
            }
            var languages = Set(walker.strings(fields["languages"], "\(itemPath).languages"))
            if let language = walker.string(fields["language"], "\(itemPath).language") { languages.insert(language) }
            templates.append(ApprovedTemplate(name: name, category: category, headerFormat: header, languages: languages))
        }
        return templates
    }

    /// `rate_limit: {connection: {count, period_ms, burst}, per_recipient: …, per_group: …}`; members left out keep
    /// the provider's default, `per_recipient: null` removes that limit.
    private func readRateLimits(_ node: Node, path: String, defaults: ConnectionRateLimits, walker: YAMLWalker) -> ConnectionRateLimits? {
        guard let members = walker.mapping(node, path, allowed: ["connection", "per_recipient", "per_group"]) else { return nil }
        var limits = defaults
        var valid = true
        if let value = members["connection"] {
            if let limit = readRateLimit(value, path: "\(path).connection", walker: walker) {
                limits.connection = limit
            } else {
                valid = false
            }
        }
        for (key, member) in [("per_recipient", \ConnectionRateLimits.perRecipient), ("per_group", \ConnectionRateLimits.perGroup)] {
            guard let value = members[key], !walker.isNull(value) else {
                if members[key] != nil { limits[keyPath: member] = nil }
                continue
            }
            if let limit = readRateLimit(value, path: "\(path).\(key)", walker: walker) {
                limits[keyPath: member] = limit
            } else {
                valid = false
            }
        }
        guard valid else { return nil }
        return limits
    }

    private func readRateLimit(_ node: Node, path: String, walker: YAMLWalker) -> RateLimit? {
        guard let members = walker.mapping(node, path, allowed: ["count", "period_ms", "burst"]) else { return nil }
        guard let count = walker.int(members["count"], "\(path).count", range: 1...1_000_000) else {
            if members["count"] == nil { walker.problem(node, "\(path).count", "missing (required)") }
            return nil
        }
        let period = walker.int(members["period_ms"], "\(path).period_ms", range: 1...86_400_000) ?? 1000
        let burst = walker.int(members["burst"], "\(path).burst", range: 1...1_000_000) ?? 1
        return RateLimit(count, per: .milliseconds(period), burst: burst)
    }

    /// `mock_provider: 127.0.0.1:8090`, or `{listen, faults, max_recorded}`.
    func readMockProvider(_ node: Node, walker: YAMLWalker) -> MockProviderSettings? {
        var settings = MockProviderSettings()
        let listenNode: Node?
        var key = "mock_provider"
        if case .scalar = node {
            listenNode = node
        } else {
            key = "mock_provider.listen"
            guard let members = walker.mapping(node, "mock_provider", allowed: ["listen", "faults", "max_recorded"]) else { return nil }
            listenNode = members["listen"]
            if let spec = walker.string(members["faults"], "mock_provider.faults") {
                do { settings.faults = try MockFaultPlan(spec: spec) } catch {
                    walker.problem(members["faults"], "mock_provider.faults", error.message)
                }
            }
            if let value = walker.int(members["max_recorded"], "mock_provider.max_recorded", range: 0...10_000_000) {
                settings.maxRecordedRequests = value
            }
        }
        if let listen = walker.string(listenNode, key, required: true, parent: node) {
            guard let address = Self.hostPort(listen) else {
                walker.problem(listenNode, key, "expected host:port, e.g. 127.0.0.1:8090")
                return nil
            }
            settings.host = address.host
            settings.port = address.port
        }
        return settings
    }

    /// `host:port` (IPv6 hosts in brackets), or `nil`.
    static func hostPort(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            return nil
        }
        return (String(text[..<colon]).trimmingCharacters(in: ["[", "]"]), port)
    }
}
