import AdapterKit
import SwitchboardAdapters
import SwitchboardCore

enum StandardAdaptersLookup {
    static func adapter(_ provider: String) -> (any ChannelAdapter)? {
        StandardAdapters.registry.adapter(for: Provider(provider))
    }
}
