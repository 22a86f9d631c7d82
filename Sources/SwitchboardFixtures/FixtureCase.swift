import Foundation
import SwitchboardCore

/// One fixture: an input file and the golden output beside it.
///
/// Layout (fixtures/README.md):
/// - inbound: `fixtures/<provider>/<case>.<ext>` + `<case>.expected.jsonl` (or `<case>.expected.error`
///   for bodies that must be refused), optional `<case>.context.json` (`account`, `channel`, `url`, `headers`);
/// - outbound: `fixtures/<provider>/outbound/<case>.json` + `<case>.expected.json`, with an optional
///   `connection.json` in the folder;
/// - responses: `fixtures/<provider>/responses/<case>.json` (`{status, headers?, body | body_text}`) +
///   `<case>.expected.json` (the delivery outcome).
public struct FixtureCase: Sendable, Hashable {
    /// Which adapter function the case exercises.
    public enum Kind: String, Sendable, Hashable {
        case inbound, outbound, response
    }

    public var kind: Kind
    public var provider: Provider
    /// The input file.
    public var input: URL

    /// The case name (file name without extension).
    public var name: String { input.deletingPathExtension().lastPathComponent }

    /// Golden file for a successful result.
    public var expectedOutput: URL {
        let base = input.deletingPathExtension()
        return kind == .inbound ? base.appendingPathExtension("expected.jsonl") : base.appendingPathExtension("expected.json")
    }

    /// Golden file for a refusal (`<code>: <message>`).
    public var expectedError: URL { input.deletingPathExtension().appendingPathExtension("expected.error") }

    /// Optional request context for inbound cases.
    public var contextFile: URL { input.deletingPathExtension().appendingPathExtension("context.json") }

    /// A short display path: `<provider>/[outbound/|responses/]<file>`.
    public var displayName: String {
        switch kind {
        case .inbound: "\(provider)/\(input.lastPathComponent)"
        case .outbound: "\(provider)/outbound/\(input.lastPathComponent)"
        case .response: "\(provider)/responses/\(input.lastPathComponent)"
        }
    }
}

/// Finds fixture cases under files or folders.
public enum FixtureDiscovery {
    /// Input extensions understood for inbound cases.
    public static let inboundExtensions: Set<String> = ["json", "eml", "form", "http", "txt", "query"]

    /// Every case under `paths` (a fixtures root, a provider folder, a sub-folder or single files), sorted.
    public static func cases(in paths: [URL]) throws -> [FixtureCase] {
        var found: [FixtureCase] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isDirectory) else {
                throw SwitchboardError(code: .fixtureNotFound, message: "no such file or directory: \(path.path)")
            }
            if isDirectory.boolValue {
                let enumerator = FileManager.default.enumerator(at: path, includingPropertiesForKeys: nil)
                while let file = enumerator?.nextObject() as? URL {
                    if let fixture = fixtureCase(for: file.standardizedFileURL) { found.append(fixture) }
                }
            } else if let fixture = fixtureCase(for: path.standardizedFileURL) {
                found.append(fixture)
            } else {
                throw SwitchboardError(code: .notAFixture, message: "\(path.path) is not a fixture input file")
            }
        }
        var seen = Set<URL>()
        return found.filter { seen.insert($0.input).inserted }.sorted { $0.input.path < $1.input.path }
    }

    /// The case for one file, or `nil` when the file is a golden, a context, a connection or documentation.
    public static func fixtureCase(for file: URL) -> FixtureCase? {
        let name = file.lastPathComponent
        let ext = file.pathExtension.lowercased()
        guard !name.hasPrefix("."), !name.contains(".expected."), !name.hasSuffix(".context.json"),
            name != "connection.json", inboundExtensions.contains(ext)
        else { return nil }
        let parent = file.deletingLastPathComponent()
        let parentName = parent.lastPathComponent
        if parentName == "outbound" || parentName == "responses" {
            guard ext == "json" else { return nil }
            let provider = Provider(parent.deletingLastPathComponent().lastPathComponent)
            return FixtureCase(kind: parentName == "outbound" ? .outbound : .response, provider: provider, input: file)
        }
        return FixtureCase(kind: .inbound, provider: Provider(parentName), input: file)
    }
}
