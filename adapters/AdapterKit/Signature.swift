import Crypto
import Foundation

/// Signature primitives every adapter uses: HMACs, digests, hex, constant-time comparison (base64 is
/// SwitchboardCore's `Base64`).
public enum Signature {
    /// HMAC algorithms providers use.
    public enum Algorithm: String, Sendable, CaseIterable {
        case md5, sha1, sha256, sha384, sha512
    }

    /// HMAC of `message` keyed with `key`.
    public static func hmac(_ algorithm: Algorithm, key: [UInt8], message: [UInt8]) -> [UInt8] {
        switch algorithm {
        case .md5: return Array(HMAC<Insecure.MD5>.authenticationCode(for: message, using: SymmetricKey(data: key)))
        case .sha1: return Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: key)))
        case .sha256: return hmacSHA256(key: key, message: message)
        case .sha384: return Array(HMAC<SHA384>.authenticationCode(for: message, using: SymmetricKey(data: key)))
        case .sha512: return Array(HMAC<SHA512>.authenticationCode(for: message, using: SymmetricKey(data: key)))
        }
    }

    /// HMAC-SHA256 (RFC 2104) on the concrete `SHA256` type: every webhook of Meta, Telegram's
    /// subscribers and the gateway's own signatures go through it, and the generic `HMAC<SHA256>` spent
    /// most of its time in generic dispatch rather than hashing.
    static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        let blockSize = 64
        var block = [UInt8](repeating: 0, count: blockSize)
        if key.count > blockSize {
            var hasher = SHA256()
            key.withUnsafeBytes { hasher.update(bufferPointer: $0) }
            hasher.finalize().withUnsafeBytes { digest in
                for index in 0..<digest.count { block[index] = digest[index] }
            }
        } else {
            for index in 0..<key.count { block[index] = key[index] }
        }
        for index in 0..<blockSize { block[index] ^= 0x36 }
        var inner = SHA256()
        block.withUnsafeBytes { inner.update(bufferPointer: $0) }
        message.withUnsafeBytes { inner.update(bufferPointer: $0) }
        let innerDigest = inner.finalize()
        for index in 0..<blockSize { block[index] ^= 0x36 ^ 0x5C }
        var outer = SHA256()
        block.withUnsafeBytes { outer.update(bufferPointer: $0) }
        innerDigest.withUnsafeBytes { outer.update(bufferPointer: $0) }
        return outer.finalize().withUnsafeBytes { Array($0) }
    }

    /// HMAC keyed with a UTF-8 string.
    public static func hmac(_ algorithm: Algorithm, key: String, message: [UInt8]) -> [UInt8] {
        hmac(algorithm, key: Array(key.utf8), message: message)
    }

    /// Plain digest of `message`.
    public static func digest(_ algorithm: Algorithm, _ message: [UInt8]) -> [UInt8] {
        switch algorithm {
        case .md5: return Array(Insecure.MD5.hash(data: message))
        case .sha1: return Array(Insecure.SHA1.hash(data: message))
        case .sha256: return Array(SHA256.hash(data: message))
        case .sha384: return Array(SHA384.hash(data: message))
        case .sha512: return Array(SHA512.hash(data: message))
        }
    }

    /// Lower-case hex.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var output = [UInt8]()
        output.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes hex (either case); `nil` on odd length or a non-hex character.
    public static func unhex(_ text: String) -> [UInt8]? {
        let bytes = Array(text.utf8)
        guard bytes.count % 2 == 0 else { return nil }
        func nibble(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 48...57: byte - 48
            case 97...102: byte - 87
            case 65...70: byte - 55
            default: nil
            }
        }
        var output = [UInt8]()
        output.reserveCapacity(bytes.count / 2)
        var index = 0
        while index < bytes.count {
            guard let high = nibble(bytes[index]), let low = nibble(bytes[index + 1]) else { return nil }
            output.append(high << 4 | low)
            index += 2
        }
        return output
    }

    /// Compares two byte strings in time that depends only on their lengths.
    public static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in 0..<lhs.count { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }

    /// Constant-time comparison of two strings' UTF-8 bytes.
    public static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        constantTimeEquals(Array(lhs.utf8), Array(rhs.utf8))
    }
}
