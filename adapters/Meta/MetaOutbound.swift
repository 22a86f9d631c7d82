import AdapterKit
import SwitchboardCore

/// Scaffold: the Graph Send API encoder (WhatsApp, Messenger, Instagram).
enum MetaOutbound {
    static func encode(_ message: OutboundMessage, connection: ConnectionConfig) throws(SwitchboardError) -> ProviderRequest {
        throw .notForProvider("meta outbound is not implemented yet")
    }
}
