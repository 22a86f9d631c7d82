import AdapterKit
import Foundation
import SwitchboardCore

/// Inbound fixture bodies that decode successfully, grouped by provider folder.
struct FixtureBody: @unchecked Sendable {
    var body: [UInt8]
    var request: InboundRequest
    var context: DecodeContext
    var isJSON: Bool
}

enum FixtureBodies {
    /// The repository's fixtures folder (this file is Benchmarks/Benchmarks/NormalizeBenchmarks/…).
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("fixtures")
    }

    static func load() -> [(String, [FixtureBody])] {
        let manager = FileManager.default
        guard let providers = try? manager.contentsOfDirectory(atPath: root.path) else { return [] }
        return providers.sorted().compactMap { provider -> (String, [FixtureBody])? in
            let folder = root.appendingPathComponent(provider)
            guard let files = try? manager.contentsOfDirectory(atPath: folder.path) else { return nil }
            var bodies: [FixtureBody] = []
            for file in files.sorted() where !file.contains(".expected.") && !file.hasSuffix(".context.json") && !file.hasSuffix(".md") {
                let url = folder.appendingPathComponent(file)
                guard let data = try? Data(contentsOf: url) else { continue }
                let ext = url.pathExtension
                let contentType: String =
                    switch ext {
                    case "json": "application/json"
                    case "form": "application/x-www-form-urlencoded"
                    case "eml": "message/rfc822"
                    default: ""
                    }
                guard !contentType.isEmpty else { continue }
                let request = InboundRequest(body: Array(data), contentType: contentType)
                var context = DecodeContext()
                if let contextData = try? Data(contentsOf: folder.appendingPathComponent(url.deletingPathExtension().lastPathComponent + ".context.json")),
                    let json = try? JSONParser.parse(Array(contextData))
                {
                    context.account = json["account"]?.identifier
                    context.channel = json["channel"]?.string.flatMap(Channel.init(rawValue:))
                }
                guard let adapter = StandardAdaptersLookup.adapter(provider),
                    let events = try? adapter.decode(request, context: context), !events.isEmpty
                else { continue }
                bodies.append(FixtureBody(body: Array(data), request: request, context: context, isJSON: ext == "json"))
            }
            return (provider, bodies)
        }
    }
}
