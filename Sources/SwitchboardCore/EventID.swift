/// Deterministic event ids.
///
/// An id is `evt_` + the first 128 bits of SHA-256 over the provider, account, kind and the
/// provider's own identity of the item (a wamid, a Telegram update_id, a status's id + state, ...),
/// joined by U+001F. A re-delivered webhook therefore produces the same ids, and the store's unique
/// key dedupes it.
public enum EventID {
    /// The id for one provider item.
    public static func make(provider: Provider, account: String, kind: EventKind, key: String) -> String {
        var key = key
        return key.withUTF8 { make(provider: provider, account: account, kind: kind, key: UnsafeRawBufferPointer($0)) }
    }

    /// The id for one provider item whose identity is the UTF-8 bytes `key`.
    public static func make(provider: Provider, account: String, kind: EventKind, key: UnsafeRawBufferPointer) -> String {
        // The parts are hashed where they lie: no joined string, no digest array, no per-byte strings.
        var hasher = SHA256Digest.Hasher()
        hasher.update(provider.rawValue)
        hasher.update(separator)
        hasher.update(account)
        hasher.update(separator)
        hasher.update(kind.rawValue)
        hasher.update(separator)
        hasher.update(key)
        return SHA256Digest.hex(hasher.finalize(), words: 4, prefix: "evt_")
    }

    private static let separator = "\u{1F}"
}
