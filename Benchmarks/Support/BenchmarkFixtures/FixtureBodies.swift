import AdapterKit
import Foundation
import SwitchboardAdapters
import SwitchboardCore

/// One inbound fixture body that decodes successfully, with what its adapter needs to decode it.
public struct FixtureBody: @unchecked Sendable {
    public var body: [UInt8]
    public var request: InboundRequest
    public var context: DecodeContext
    public var isJSON: Bool
}

/// The inbound fixtures of the repository, grouped by provider folder (`fixtures/<provider>/`).
public enum FixtureBodies {
    /// The repository's fixtures folder (this file is Benchmarks/Support/BenchmarkFixtures/…).
    public static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("fixtures")
    }

    /// The adapter registered for a fixtures folder name.
    public static func adapter(_ provider: String) -> (any ChannelAdapter)? {
        StandardAdapters.registry.adapter(for: Provider(provider))
    }

    /// Every provider folder (or only `only`) with the bodies in it that decode to at least one event.
    public static func load(only: String? = nil) -> [(provider: String, bodies: [FixtureBody])] {
        let manager = FileManager.default
        guard let providers = try? manager.contentsOfDirectory(atPath: root.path) else { return [] }
        return providers.sorted().filter { only == nil || $0 == only }.compactMap { provider -> (String, [FixtureBody])? in
            let folder = root.appendingPathComponent(provider)
            guard let files = try? manager.contentsOfDirectory(atPath: folder.path) else { return nil }
            var bodies: [FixtureBody] = []
            for file in files.sorted()
            where !file.contains(".expected.") && !file.hasSuffix(".context.json") && !file.hasSuffix(".md") {
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
                let contextURL = folder.appendingPathComponent(url.deletingPathExtension().lastPathComponent + ".context.json")
                if let contextData = try? Data(contentsOf: contextURL), let json = try? JSONParser.parse(Array(contextData)) {
                    context.account = json["account"]?.identifier
                    context.channel = json["channel"]?.string.flatMap(Channel.init(rawValue:))
                }
                guard let adapter = adapter(provider),
                    let events = try? adapter.decode(request, context: context), !events.isEmpty
                else { continue }
                bodies.append(FixtureBody(body: Array(data), request: request, context: context, isJSON: ext == "json"))
            }
            return (provider, bodies)
        }
    }

    /// The canonical events of every body, decoded once (the input of the writing benchmarks).
    public static func events(of bodies: [FixtureBody], provider: String) -> [CanonicalEvent] {
        guard let adapter = adapter(provider) else { return [] }
        return bodies.flatMap { (try? adapter.decode($0.request, context: $0.context)) ?? [] }
    }
}
