import CSHA256

/// A small, dependency-free SHA-256 (FIPS 180-4), used for deterministic ids in the core model,
/// which must not depend on anything beyond Foundation. Signature checks use swift-crypto instead.
///
/// On x86-64 CPUs with the SHA extensions the compression runs on those instructions (the `CSHA256` C
/// target, in this package); elsewhere, or with ``Hasher/init(portable:)``, in Swift.
///
/// ``Hasher`` works on a fixed-size state and the caller's bytes in place, so hashing allocates
/// nothing: event ids are computed for every normalized event and are on the hot path.
public enum SHA256Digest {
    /// The 32-byte digest of `message`.
    public static func hash(_ message: [UInt8]) -> [UInt8] {
        var hasher = Hasher()
        message.withUnsafeBytes { hasher.update($0) }
        let words = hasher.finalize()
        var digest: [UInt8] = []
        digest.reserveCapacity(32)
        for index in 0..<8 {
            let word = words[index]
            for shift in stride(from: 24, through: 0, by: -8) { digest.append(UInt8(truncatingIfNeeded: word >> UInt32(shift))) }
        }
        return digest
    }

    /// Lower-case hex of the digest of `message`.
    public static func hex(_ message: [UInt8]) -> String {
        var hasher = Hasher()
        message.withUnsafeBytes { hasher.update($0) }
        return hex(hasher.finalize(), words: 8)
    }

    /// Lower-case hex of the first `words` words of a digest (8 hex digits per word), built in place.
    static func hex(_ digest: SIMD8<UInt32>, words: Int, prefix: StaticString = "") -> String {
        let prefixCount = prefix.utf8CodeUnitCount
        return String(unsafeUninitializedCapacity: prefixCount + words * 8) { buffer in
            for offset in 0..<prefixCount { buffer[offset] = prefix.utf8Start[offset] }
            var position = prefixCount
            for index in 0..<words {
                let word = digest[index]
                for shift in stride(from: 28, through: 0, by: -4) {
                    let nibble = UInt8(truncatingIfNeeded: word >> UInt32(shift)) & 0x0F
                    buffer[position] = nibble < 10 ? nibble &+ UInt8(ascii: "0") : nibble &+ (UInt8(ascii: "a") &- 10)
                    position += 1
                }
            }
            return position
        }
    }

    /// Incremental SHA-256 over any number of byte runs, with no heap allocation.
    public struct Hasher: Sendable {
        /// The eight working words, kept as scalars (a vector type here makes the rounds slower).
        private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
            0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
        )
        /// The bytes of the current, incomplete block: 64 bytes of inline storage.
        private var block: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        private var blockCount = 0
        private var length: UInt64 = 0
        /// Whether blocks go to the CPU's SHA instructions.
        private let instructions: Bool

        /// A hasher with nothing hashed yet.
        public init() { instructions = Self.cpuHasInstructions }

        /// A hasher that never uses the CPU's SHA instructions (tests compare both paths).
        init(portable: Bool) { instructions = !portable && Self.cpuHasInstructions }

        /// Whether this CPU has the SHA instructions (asked once).
        static let cpuHasInstructions = csha256_available() == 1

        /// Hashes `bytes`.
        public mutating func update(_ bytes: UnsafeRawBufferPointer) {
            guard var source = bytes.baseAddress else { return }
            var remaining = bytes.count
            length &+= UInt64(remaining)
            if blockCount > 0 {
                let taken = min(64 - blockCount, remaining)
                appendToBlock(source, count: taken)
                source += taken
                remaining -= taken
                guard blockCount == 64 else { return }
                compressBlock()
            }
            let blocks = remaining / 64
            if blocks > 0 {
                compress(source, blocks: blocks)
                source += blocks * 64
                remaining -= blocks * 64
            }
            appendToBlock(source, count: remaining)
        }

        /// Hashes the UTF-8 bytes of `text`.
        public mutating func update(_ text: String) {
            var text = text
            text.withUTF8 { update(UnsafeRawBufferPointer($0)) }
        }

        /// Pads, hashes the last block(s) and returns the digest as eight big-endian words.
        public mutating func finalize() -> SIMD8<UInt32> {
            let bitLength = length &* 8
            withUnsafeMutableBytes(of: &block) { bytes in
                bytes[blockCount] = 0x80
                for offset in (blockCount + 1)..<64 { bytes[offset] = 0 }
            }
            if blockCount >= 56 {
                compressBlock()
                block = (0, 0, 0, 0, 0, 0, 0, 0)
            }
            block.7 = bitLength.bigEndian
            compressBlock()
            return SIMD8(state.0, state.1, state.2, state.3, state.4, state.5, state.6, state.7)
        }

        private mutating func appendToBlock(_ source: UnsafeRawPointer, count: Int) {
            let offset = blockCount
            withUnsafeMutableBytes(of: &block) { bytes in
                (bytes.baseAddress! + offset).copyMemory(from: source, byteCount: count)
            }
            blockCount += count
        }

        /// Hashes the buffered block and empties it.
        private mutating func compressBlock() {
            var copy = block
            withUnsafeBytes(of: &copy) { compress($0.baseAddress!, blocks: 1) }
            blockCount = 0
        }

        /// Processes `blocks` consecutive 64-byte blocks: in one call on the CPU's SHA instructions, else one by
        /// one in Swift.
        private mutating func compress(_ start: UnsafeRawPointer, blocks: Int) {
            if instructions {
                withUnsafeMutableBytes(of: &state) { words in
                    csha256_compress(
                        words.baseAddress!.assumingMemoryBound(to: UInt32.self), start.assumingMemoryBound(to: UInt8.self), blocks)
                }
                return
            }
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
                let constants = UnsafeBufferPointer(start: csha256_round_constants(), count: 64)
                for index in 0..<blocks { compress(start + index * 64, schedule: w, constants: constants) }
            }
        }

        private mutating func compress(
            _ block: UnsafeRawPointer, schedule w: UnsafeMutableBufferPointer<UInt32>, constants k: UnsafeBufferPointer<UInt32>
        ) {
            for i in 0..<16 { w[i] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)) }
            for i in 16..<64 {
                let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
                let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, h) = state
            // Eight rounds per iteration with the roles of the working variables rotated in the
            // arguments, instead of shifting all eight variables after every round.
            for i in stride(from: 0, to: 64, by: 8) {
                round(a, b, c, &d, e, f, g, &h, k[i] &+ w[i])
                round(h, a, b, &c, d, e, f, &g, k[i + 1] &+ w[i + 1])
                round(g, h, a, &b, c, d, e, &f, k[i + 2] &+ w[i + 2])
                round(f, g, h, &a, b, c, d, &e, k[i + 3] &+ w[i + 3])
                round(e, f, g, &h, a, b, c, &d, k[i + 4] &+ w[i + 4])
                round(d, e, f, &g, h, a, b, &c, k[i + 5] &+ w[i + 5])
                round(c, d, e, &f, g, h, a, &b, k[i + 6] &+ w[i + 6])
                round(b, c, d, &e, f, g, h, &a, k[i + 7] &+ w[i + 7])
            }
            state = (
                state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d, state.4 &+ e, state.5 &+ f, state.6 &+ g,
                state.7 &+ h
            )
        }

        /// One SHA-256 round: `d += t1`, `h = t1 + t2` (the caller rotates the roles).
        @inline(__always) private func round(
            _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32, _ e: UInt32, _ f: UInt32, _ g: UInt32,
            _ h: inout UInt32, _ constantPlusWord: UInt32
        ) {
            let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
            let ch = (e & f) ^ (~e & g)
            let t1 = h &+ s1 &+ ch &+ constantPlusWord
            let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
            let maj = (a & b) ^ (a & c) ^ (b & c)
            d &+= t1
            h = t1 &+ s0 &+ maj
        }

        @inline(__always) private func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
    }
}
