import Foundation
import SwitchboardCore
import SwitchboardStore
import TestSupport

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
