import SwitchboardCore
import Testing

@Suite struct EventIDTests {
    @Test func sha256MatchesKnownVectors() {
        #expect(SHA256Digest.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256Digest.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Array(String(repeating: "a", count: 1000).utf8)
        #expect(SHA256Digest.hex(long) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func idsAreDeterministicAndDistinct() {
        let a = EventID.make(provider: .meta, account: "1", kind: .message, key: "wamid.A")
        #expect(a == EventID.make(provider: .meta, account: "1", kind: .message, key: "wamid.A"))
        #expect(a != EventID.make(provider: .meta, account: "1", kind: .status, key: "wamid.A"))
        #expect(a != EventID.make(provider: .meta, account: "2", kind: .message, key: "wamid.A"))
        #expect(a.hasPrefix("evt_") && a.count == 36)
    }
}
