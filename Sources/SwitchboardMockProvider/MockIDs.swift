import AdapterKit
import SwitchboardCore

/// Provider-looking ids, unique per request: derived from the request's sequence number and a salt
/// drawn once per mock instance (so two runs of the mock do not hand out the same ids).
struct MockIDs: Sendable {
    let salt: UInt64
    let sequence: UInt64

    /// 32 lowercase hex digits, unique per (instance, sequence).
    var hex32: String { hex(mix(salt ^ sequence), 16) + hex(sequence &+ salt, 16) }

    /// `wamid.HBgL…`: base64 text like the Cloud API's ids.
    var wamid: String {
        let bytes = Array("MockWA\(hex32)".utf8)
        return "wamid.HBgL" + Base64.encode(bytes)
    }

    /// Messenger/Instagram `m_…` message id.
    var mid: String { "m_" + Base64.encode(Array("mock\(hex32)".utf8), alphabet: .url, padded: false) }

    /// Twilio message SID: `SM` (or `MM` for MMS) and 32 hex digits.
    func twilioSID(mms: Bool) -> String { (mms ? "MM" : "SM") + hex32 }

    /// Vonage SMS `message-id`: 18 upper-case hex digits (as in `0A0000000123ABCD1`).
    var vonageMessageID: String { hex(mix(salt ^ sequence) & 0xFFFF, 4).uppercased() + hex(sequence, 14).uppercased() }

    /// An RFC 4122-shaped UUID (Vonage `message_uuid`, request instances).
    var uuid: String {
        let text = hex32
        let characters = Array(text)
        func slice(_ range: Range<Int>) -> String { String(characters[range]) }
        return "\(slice(0..<8))-\(slice(8..<12))-4\(slice(13..<16))-a\(slice(17..<20))-\(slice(20..<32))"
    }

    /// A Graph `fbtrace_id`-like token.
    var traceID: String { String(Base64.encode(Array(hex32.utf8)).prefix(11)) }

    /// Telegram `message_id`: a positive integer, increasing per request.
    var telegramMessageID: UInt64 { sequence + 1 }

    private func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private func hex(_ value: UInt64, _ width: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
