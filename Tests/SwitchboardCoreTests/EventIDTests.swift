import SwitchboardCore
import Testing

@Suite struct EventIDTests {
    @Test func idsKeepTheirValues() {
        // Ids are stored and deduped on: the bytes must never change across versions. Each expected value is
        // "evt_" + the first 32 hex digits of SHA-256 over the parts joined by U+001F, computed independently
        // (Python's hashlib), and covers a one-block, a multi-block, a non-ASCII and an empty input.
        #expect(EventID.make(provider: .meta, account: "1", kind: .message, key: "wamid.A") == "evt_fff2414ec78cb379b7bcfc91833f23b3")
        #expect(
            EventID.make(provider: .telegram, account: "bot42", kind: .status, key: String(repeating: "x", count: 200))
                == "evt_290fa6f0af159044ad09b4c42338491f")
        #expect(
            EventID.make(provider: .email, account: "support@example.com", kind: .message, key: "<zoë@example.de>")
                == "evt_496705069d65bfeba3477bbc1872da8e")
        #expect(EventID.make(provider: .meta, account: "", kind: .message, key: "") == "evt_2988e9af7842c261a801e1e1ad19f611")
    }

    @Test func bytesAndStringKeysGiveTheSameID() {
        for key in ["wamid.A", "", String(repeating: "é", count: 70)] {
            let fromBytes = Array(key.utf8).withUnsafeBytes { EventID.make(provider: .meta, account: "1", kind: .message, key: $0) }
            #expect(fromBytes == EventID.make(provider: .meta, account: "1", kind: .message, key: key))
        }
    }

    @Test func idsAreDeterministicAndDistinct() {
        let a = EventID.make(provider: .meta, account: "1", kind: .message, key: "wamid.A")
        #expect(a == EventID.make(provider: .meta, account: "1", kind: .message, key: "wamid.A"))
        #expect(a != EventID.make(provider: .meta, account: "1", kind: .status, key: "wamid.A"))
        #expect(a != EventID.make(provider: .meta, account: "2", kind: .message, key: "wamid.A"))
        #expect(a.hasPrefix("evt_") && a.count == 36)
    }
}
