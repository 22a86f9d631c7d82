import AdapterKit
import Dialog360Adapter
import EmailAdapter
import MessageBirdAdapter
import MetaAdapter
import TelegramAdapter
import TwilioAdapter
import VonageAdapter

/// The composition of every adapter this build ships; the CLI and the server both use it.
public enum StandardAdapters {
    /// A registry with every provider.
    public static let registry = AdapterRegistry([
        MetaAdapter(), Dialog360Adapter(), TelegramAdapter(), TwilioAdapter(), VonageAdapter(), MessageBirdAdapter(),
        EmailAdapter(),
    ])
}
