/// Deterministic event ids.
///
/// An id is `evt_` + the first 128 bits of SHA-256 over the provider, account, kind and the
/// provider's own identity of the item (a wamid, a Telegram update_id, a status's id + state, ...).
/// A re-delivered webhook therefore produces the same ids, and the store's unique key dedupes it.
public enum EventID {
    /// The id for one provider item.
    public static func make(provider: Provider, account: String, kind: EventKind, key: String) -> String {
        let material = "\(provider.rawValue)\u{1F}\(account)\u{1F}\(kind.rawValue)\u{1F}\(key)"
        let digest = SHA256Digest.hash(Array(material.utf8))
        return "evt_"
            + digest.prefix(16).map { byte in
                let hex = String(byte, radix: 16)
                return byte < 16 ? "0" + hex : hex
            }.joined()
    }
}
