import SwitchboardCore

/// The adapters a process knows, by provider name.
public struct AdapterRegistry: Sendable {
    private var adapters: [Provider: any ChannelAdapter]

    /// A registry of these adapters; a later adapter for the same provider replaces an earlier one.
    public init(_ adapters: [any ChannelAdapter]) {
        var table: [Provider: any ChannelAdapter] = [:]
        for adapter in adapters { table[adapter.provider] = adapter }
        self.adapters = table
    }

    /// The adapter for `provider`, or `nil`.
    public func adapter(for provider: Provider) -> (any ChannelAdapter)? { adapters[provider] }

    /// Every registered provider, sorted by name.
    public var providers: [Provider] { adapters.keys.sorted { $0.rawValue < $1.rawValue } }
}
