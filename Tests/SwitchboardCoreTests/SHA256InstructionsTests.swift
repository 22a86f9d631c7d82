import TestSupport
import Testing

@testable import SwitchboardCore

/// The compression on the CPU's SHA instructions (the `CSHA256` target) against the portable Swift rounds,
/// and both against published vectors: every event id depends on them agreeing bit for bit.
@Suite("SHA-256: CPU instructions and portable Swift agree")
struct SHA256InstructionsTests {
    /// Digest of `bytes` fed in `pieces` cuts, on the chosen path.
    private func digest(_ bytes: [UInt8], portable: Bool, cuts: [Int] = []) -> SIMD8<UInt32> {
        var hasher = SHA256Digest.Hasher(portable: portable)
        var start = 0
        for cut in cuts + [bytes.count] where cut >= start && cut <= bytes.count {
            bytes[start..<cut].withUnsafeBytes { hasher.update($0) }
            start = cut
        }
        return hasher.finalize()
    }

    @Test("published vectors on both paths, including multi-block messages (NIST FIPS 180-4 examples)")
    func vectors() {
        let vectors: [(String, String)] = [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
            (
                "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
                "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
            ),
        ]
        for (text, expected) in vectors {
            for portable in [true, false] {
                let words = digest(Array(text.utf8), portable: portable)
                #expect(SHA256Digest.hex(words, words: 8) == expected, "\"\(text.prefix(12))…\", portable: \(portable)")
            }
        }
    }

    @Test("random messages of 0 – 1 100 bytes, fed whole and in pieces: the same digest on both paths")
    func randomMessages() {
        var random = SeededRandom(seed: 0x5eed)
        for length in Array(0...200) + [255, 256, 257, 511, 512, 513, 1_000, 1_100] {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let cuts = [Int(random.next() % UInt64(length + 1)), Int(random.next() % UInt64(length + 1))].sorted()
            let portable = digest(bytes, portable: true)
            #expect(digest(bytes, portable: false) == portable, "length \(length)")
            #expect(digest(bytes, portable: false, cuts: cuts) == portable, "length \(length), cuts \(cuts)")
        }
    }
}
