import Foundation

/// Locates the repository's folders from a test file, so tests run from any working directory.
public enum FixturePaths {
    /// The package root (the folder holding Package.swift).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    /// `fixtures/`.
    public static var fixtures: URL { packageRoot.appendingPathComponent("fixtures") }

    /// `fixtures/<provider>/`.
    public static func fixtures(_ provider: String) -> URL { fixtures.appendingPathComponent(provider) }

    /// The bytes of `fixtures/<provider>/<name>`.
    public static func bytes(_ provider: String, _ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: fixtures(provider).appendingPathComponent(name)))
    }
}
