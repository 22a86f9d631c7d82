import Crypto

/// Deterministic event ids.
///
/// An id is `evt_` + the first 128 bits of SHA-256 over the provider, account, kind and the
/// provider's own identity of the item (a wamid, a Telegram update_id, a status's id + state, ...),
/// joined by U+001F. A re-delivered webhook therefore produces the same ids, and the store's unique
/// key dedupes it. The digest is swift-crypto's (BoringSSL, on the CPU's SHA instructions where it has them).
public enum EventID {
    /// The id for one provider item.
    public static func make(provider: Provider, account: String, kind: EventKind, key: String) -> String {
        var key = key
        return key.withUTF8 { make(provider: provider, account: account, kind: kind, key: UnsafeRawBufferPointer($0)) }
    }

    /// The id for one provider item whose identity is the UTF-8 bytes `key`.
    public static func make(provider: Provider, account: String, kind: EventKind, key: UnsafeRawBufferPointer) -> String {
        // The parts are hashed where they lie: no joined string, no digest array, no per-byte strings.
        var hasher = SHA256()
        update(&hasher, provider.rawValue)
        update(&hasher, separator)
        update(&hasher, account)
        update(&hasher, separator)
        update(&hasher, kind.rawValue)
        update(&hasher, separator)
        hasher.update(bufferPointer: key)
        return hasher.finalize().withUnsafeBytes { digest in
            String(unsafeUninitializedCapacity: prefix.count + idBytes * 2) { buffer in
                for (offset, byte) in prefix.enumerated() { buffer[offset] = byte }
                var position = prefix.count
                for byte in digest.prefix(idBytes) {
                    buffer[position] = hexDigits[Int(byte >> 4)]
                    buffer[position + 1] = hexDigits[Int(byte & 0x0F)]
                    position += 2
                }
                return position
            }
        }
    }

    private static func update(_ hasher: inout SHA256, _ text: String) {
        var text = text
        text.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
    }

    private static let separator = "\u{1F}"
    private static let prefix: [UInt8] = Array("evt_".utf8)
    /// The id keeps the first 128 bits of the digest.
    private static let idBytes = 16
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
