import SwitchboardCore
import Testing

@Suite struct EventIDTests {
    @Test func sha256MatchesKnownVectors() {
        #expect(SHA256Digest.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256Digest.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Array(String(repeating: "a", count: 1000).utf8)
        #expect(SHA256Digest.hex(long) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test(arguments: [0, 1, 55, 56, 63, 64, 65, 119, 128, 500])
    func sha256InPiecesMatchesOneShot(split: Int) {
        let message = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        for length in [55, 56, 64, 119, 120, 300] {
            let whole = Array(message.prefix(length))
            let cut = min(split, length)
            var hasher = SHA256Digest.Hasher()
            whole[..<cut].withUnsafeBytes { hasher.update($0) }
            whole[cut...].withUnsafeBytes { hasher.update($0) }
            let words = hasher.finalize()
            let hex = (0..<8).map { index in
                let digits = String(words[index], radix: 16)
                return String(repeating: "0", count: 8 - digits.count) + digits
            }.joined()
            #expect(hex == SHA256Digest.hex(whole), "length \(length), split at \(cut)")
        }
    }

    @Test func idsKeepTheirValues() {
        // Ids are stored and deduped on: the bytes must never change across versions.
        #expect(
            EventID.make(provider: .meta, account: "1", kind: .message, key: "wamid.A")
                == "evt_" + SHA256Digest.hex(Array("meta\u{1F}1\u{1F}message\u{1F}wamid.A".utf8)).prefix(32))
    }

    @Test func idsAreDeterministicAndDistinct() {
        let a = EventID.make(provider: .meta, account: "1", kind: .message, key: "wamid.A")
        #expect(a == EventID.make(provider: .meta, account: "1", kind: .message, key: "wamid.A"))
        #expect(a != EventID.make(provider: .meta, account: "1", kind: .status, key: "wamid.A"))
        #expect(a != EventID.make(provider: .meta, account: "2", kind: .message, key: "wamid.A"))
        #expect(a.hasPrefix("evt_") && a.count == 36)
    }
}
