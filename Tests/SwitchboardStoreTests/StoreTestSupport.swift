import Foundation
import SwitchboardCore
import SwitchboardStore

/// A temporary folder removed when the test ends.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    var databasePath: String { url.appendingPathComponent("data/switchboard.db").path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// An inbound WhatsApp text message event with a deterministic id.
func inboundMessage(_ key: String, contact: String = "16505551234", seconds: Int64 = 1_714_564_800) -> CanonicalEvent {
    var event = CanonicalEvent(
        kind: .message, channel: .whatsapp, provider: .meta, account: "106540352242922", timestamp: Timestamp(seconds: seconds),
        contact: Contact(id: contact), providerMessageID: "wamid.\(key)", content: .text("hello \(key)"))
    event.assignID(key: key)
    return event
}
