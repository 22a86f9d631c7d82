import AdapterKit
import SwitchboardAdapters
import SwitchboardCore
import Yams

/// Parses and validates the YAML configuration (docs/configuration.md), reporting every problem
/// with its line and key.
public struct ConfigurationLoader: Sendable {
    public var secrets: SecretSource
    /// Providers this build has adapters for.
    public var knownProviders: Set<Provider>
    /// The adapters asked whether a connection can authenticate its webhooks (`insecure_accept_unsigned`).
    public var adapters: AdapterRegistry

    public init(
        secrets: SecretSource = SecretSource(), knownProviders: Set<Provider>, adapters: AdapterRegistry = StandardAdapters.registry
    ) {
        self.secrets = secrets
        self.knownProviders = knownProviders
        self.adapters = adapters
    }

    static let topLevelKeys: Set<String> = [
        "listen", "public_url", "store", "connections", "subscribers", "api_keys", "limits", "delivery", "record",
        "log_level", "policy", "dispatcher", "mock_provider", "retention", "transport", "templates", "metrics_listen", "metrics_token",
    ]

    /// The configuration in `yaml`, or every problem found in it.
    public func load(yaml: String) throws(ConfigurationError) -> GatewayConfiguration {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw ConfigurationError(problems: [Self.problem(from: error)])
        } catch {
            throw ConfigurationError(problems: [ConfigurationProblem(line: nil, key: "", message: "\(error)")])
        }
        guard let root else {
            throw ConfigurationError(problems: [ConfigurationProblem(line: nil, key: "", message: "the file is empty")])
        }
        let walker = YAMLWalker()
        var configuration = GatewayConfiguration()
        if let top = walker.mapping(root, "", allowed: Self.topLevelKeys) {
            readTop(top, walker: walker, into: &configuration)
            if let policy = top["policy"], let value = readPolicy(policy, walker: walker) { configuration.sending.policy = value }
            if let dispatcher = top["dispatcher"] { readDispatcher(dispatcher, walker: walker, into: &configuration.sending) }
            if let mock = top["mock_provider"] { configuration.mockProvider = readMockProvider(mock, walker: walker) }
            configuration.connections = readConnections(top["connections"], walker: walker, sending: &configuration.sending)
            configuration.subscribers = readSubscribers(top["subscribers"], walker: walker)
            configuration.apiKeys = readAPIKeys(
                top["api_keys"], walker: walker, connectionNames: Set(configuration.connections.map(\.name)))
            for (index, subscriber) in configuration.subscribers.enumerated() {
                for name in subscriber.connections.sorted() where !configuration.connections.contains(where: { $0.name == name }) {
                    walker.problem(top["subscribers"], "subscribers[\(index)].connections", "no connection named \"\(name)\"")
                }
            }
        }
        guard walker.problems.isEmpty else { throw ConfigurationError(problems: walker.problems) }
        return configuration
    }

    private func readTop(_ top: [String: Node], walker: YAMLWalker, into configuration: inout GatewayConfiguration) {
        if let listen = walker.string(top["listen"], "listen") {
            if let address = Self.hostPort(listen) {
                configuration.host = address.host
                configuration.port = address.port
            } else {
                walker.problem(top["listen"], "listen", "expected host:port, e.g. 127.0.0.1:8080")
            }
        }
        if let url = walker.string(top["public_url"], "public_url") {
            if url.hasPrefix("http://") || url.hasPrefix("https://") {
                configuration.publicURL = url.hasSuffix("/") ? String(url.dropLast()) : url
            } else {
                walker.problem(top["public_url"], "public_url", "expected an http:// or https:// URL")
            }
        }
        readMetrics(top, walker: walker, into: &configuration)
        if let store = top["store"] { readStore(store, walker: walker, into: &configuration.store) }
        if let retention = top["retention"] { readRetention(retention, walker: walker, into: &configuration.retention) }
        if let transport = top["transport"] { readTransport(transport, walker: walker, into: &configuration.transport) }
        if let limits = top["limits"] { readLimits(limits, walker: walker, into: &configuration.limits) }
        if let templates = top["templates"] { readTemplates(templates, walker: walker, into: &configuration.templates) }
        if let delivery = top["delivery"],
            let members = walker.mapping(
                delivery, "delivery",
                allowed: ["initial_backoff_ms", "max_backoff_ms", "timeout_ms", "concurrency", "poll_interval_ms", "give_up_after_ms"])
        {
            var settings = configuration.delivery
            if let value = walker.int(members["initial_backoff_ms"], "delivery.initial_backoff_ms", range: 1...3_600_000) {
                settings.initialBackoffMilliseconds = value
            }
            if let value = walker.int(members["max_backoff_ms"], "delivery.max_backoff_ms", range: 1...86_400_000) {
                settings.maxBackoffMilliseconds = value
            }
            if let value = walker.int(members["timeout_ms"], "delivery.timeout_ms", range: 1...600_000) {
                settings.timeoutMilliseconds = value
            }
            if let value = walker.int(members["concurrency"], "delivery.concurrency", range: 1...1024) { settings.concurrency = value }
            if let value = walker.int(members["give_up_after_ms"], "delivery.give_up_after_ms", range: 1000...31_536_000_000) {
                settings.giveUpAfterMilliseconds = value
            }
            if let value = walker.int(members["poll_interval_ms"], "delivery.poll_interval_ms", range: 1...600_000) {
                settings.pollIntervalMilliseconds = value
            }
            configuration.delivery = settings
        }
        configuration.recordDirectory = walker.string(top["record"], "record")
        if let level = walker.string(top["log_level"], "log_level") {
            let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
            if levels.contains(level) {
                configuration.logLevel = level
            } else {
                walker.problem(top["log_level"], "log_level", "expected one of \(levels.joined(separator: ", "))")
            }
        }
    }

    static let connectionKeys: Set<String> = [
        "name", "provider", "channel", "account", "secrets", "base_url", "options", "outbound", "insecure_accept_unsigned",
    ]

    private func readConnections(_ node: Node?, walker: YAMLWalker, sending: inout SendSettings) -> [ConnectionConfig] {
        var connections: [ConnectionConfig] = []
        var names: Set<String> = []
        for (index, item) in walker.sequence(node, "connections").enumerated() {
            let path = "connections[\(index)]"
            guard let members = walker.mapping(item, path, allowed: Self.connectionKeys) else { continue }
            let name = walker.string(members["name"], "\(path).name", required: true, parent: item) ?? ""
            if !name.isEmpty, !names.insert(name).inserted {
                walker.problem(members["name"], "\(path).name", "another connection is already named \"\(name)\"")
            }
            if name.contains("/") { walker.problem(members["name"], "\(path).name", "must not contain /") }
            var connection = ConnectionConfig(name: name, provider: Provider(""))
            if let provider = walker.string(members["provider"], "\(path).provider", required: true, parent: item) {
                if knownProviders.contains(Provider(provider)) {
                    connection.provider = Provider(provider)
                } else {
                    let known = knownProviders.map(\.rawValue).sorted().joined(separator: ", ")
                    walker.problem(members["provider"], "\(path).provider", "unknown provider \"\(provider)\" (known: \(known))")
                }
            }
            if let channel = walker.string(members["channel"], "\(path).channel") {
                if let value = Channel(rawValue: channel) {
                    connection.channel = value
                } else {
                    let known = Channel.allCases.map(\.rawValue).joined(separator: ", ")
                    walker.problem(members["channel"], "\(path).channel", "unknown channel \"\(channel)\" (known: \(known))")
                }
            }
            connection.account = walker.string(members["account"], "\(path).account") ?? ""
            connection.baseURL = walker.string(members["base_url"], "\(path).base_url")
            for entry in walker.stringMap(members["secrets"], "\(path).secrets") {
                switch secrets.resolve(entry.value) {
                case .success(let secret): connection.secrets[entry.key] = secret
                case .failure(let failure): walker.problem(entry.node, "\(path).secrets.\(entry.key)", failure.message)
                }
            }
            for entry in walker.stringMap(members["options"], "\(path).options") { connection.options[entry.key] = entry.value }
            readWebhookAuthentication(members, item: item, path: path, walker: walker, into: &connection)
            if let outbound = members["outbound"] {
                readOutbound(outbound, path: "\(path).outbound", connection: connection, walker: walker, into: &sending)
            }
            connections.append(connection)
        }
        return connections
    }

    private func readSubscribers(_ node: Node?, walker: YAMLWalker) -> [SubscriberConfig] {
        var subscribers: [SubscriberConfig] = []
        var names: Set<String> = []
        for (index, item) in walker.sequence(node, "subscribers").enumerated() {
            let path = "subscribers[\(index)]"
            guard
                let members = walker.mapping(item, path, allowed: ["name", "url", "secret", "events", "channels", "connections"])
            else { continue }
            let name = walker.string(members["name"], "\(path).name", required: true, parent: item) ?? ""
            if !name.isEmpty, !names.insert(name).inserted {
                walker.problem(members["name"], "\(path).name", "another subscriber is already named \"\(name)\"")
            }
            let url = walker.string(members["url"], "\(path).url", required: true, parent: item) ?? ""
            if !url.isEmpty, !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
                walker.problem(members["url"], "\(path).url", "expected an http:// or https:// URL")
            }
            var secret = Secret("")
            if let text = walker.string(members["secret"], "\(path).secret", required: true, parent: item), !text.isEmpty {
                switch secrets.resolve(text) {
                case .success(let value): secret = value
                case .failure(let failure): walker.problem(members["secret"], "\(path).secret", failure.message)
                }
            }
            var kinds: Set<EventKind> = []
            for kind in walker.strings(members["events"], "\(path).events") {
                if let value = EventKind(rawValue: kind) {
                    kinds.insert(value)
                } else {
                    walker.problem(
                        members["events"], "\(path).events",
                        "unknown event kind \"\(kind)\" (known: \(EventKind.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
            }
            var channels: Set<Channel> = []
            for channel in walker.strings(members["channels"], "\(path).channels") {
                if let value = Channel(rawValue: channel) {
                    channels.insert(value)
                } else {
                    walker.problem(members["channels"], "\(path).channels", "unknown channel \"\(channel)\"")
                }
            }
            let connections = Set(walker.strings(members["connections"], "\(path).connections"))
            subscribers.append(
                SubscriberConfig(name: name, url: url, secret: secret, kinds: kinds, channels: channels, connections: connections))
        }
        return subscribers
    }

    private func readAPIKeys(_ node: Node?, walker: YAMLWalker, connectionNames: Set<String>) -> [APIKeyConfig] {
        var keys: [APIKeyConfig] = []
        for (index, item) in walker.sequence(node, "api_keys").enumerated() {
            let path = "api_keys[\(index)]"
            guard let members = walker.mapping(item, path, allowed: ["key", "connections"]) else { continue }
            var key = Secret("")
            if let text = walker.string(members["key"], "\(path).key", required: true, parent: item), !text.isEmpty {
                switch secrets.resolve(text) {
                case .success(let value): key = value
                case .failure(let failure): walker.problem(members["key"], "\(path).key", failure.message)
                }
            }
            let connections = walker.strings(members["connections"], "\(path).connections")
            for name in connections where !connectionNames.contains(name) {
                walker.problem(members["connections"], "\(path).connections", "no connection named \"\(name)\"")
            }
            keys.append(APIKeyConfig(key: key, connections: Set(connections)))
        }
        return keys
    }

    /// A YAML syntax error as a problem with its line.
    static func problem(from error: YamlError) -> ConfigurationProblem {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return ConfigurationProblem(line: mark.line, key: "", message: "YAML syntax: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ConfigurationProblem(
                line: context.mark.line, key: duplicates.joined(separator: ", "), message: "duplicate key")
        default:
            return ConfigurationProblem(line: nil, key: "", message: "YAML: \(error)")
        }
    }
}
