import AdapterKit
import Foundation
import SwitchboardAdapters
import SwitchboardCore
import SwitchboardFixtures

/// Writes each target's seed corpus from the repository's fixtures (and JSONTestSuite's cases for `json`), one file
/// per seed under `<output>/<target>/`, named after its source. Adapter seeds are signed with ``FuzzConnection`` at
/// ``FuzzRequest/seedTime``, so that the fuzzer starts from requests that pass `verify`.
struct SeedCorpus {
    var fixtures: URL
    var jsonTestSuite: URL
    var output: URL

    /// Writes every target's seeds; returns how many each got.
    func write() throws -> [(FuzzTarget, Int)] {
        let fileManager = FileManager.default
        try? fileManager.removeItem(at: output)
        var seeds: [FuzzTarget: [(String, [UInt8])]] = [:]
        let runner = FixtureRunner(registry: StandardAdapters.registry)
        for fixture in try FixtureDiscovery.cases(in: [fixtures]) {
            let bytes = Array(try Data(contentsOf: fixture.input))
            let name = "\(fixture.provider.rawValue)-\(fixture.kind.rawValue)-\(fixture.name)"
            let ext = fixture.input.pathExtension.lowercased()
            if ext == "json" { seeds[.json, default: []].append((name, bytes)) }
            if ext == "eml" { seeds[.mime, default: []].append((name, bytes)) }
            if ext == "form" || ext == "query" { seeds[.form, default: []].append((name, bytes)) }
            guard fixture.kind == .inbound, let target = FuzzTarget(rawValue: fixture.provider.rawValue),
                let adapter = StandardAdapters.registry.adapter(for: fixture.provider)
            else { continue }
            let (request, context) = try runner.inboundRequest(for: fixture, bytes: bytes)
            for (suffix, options) in Self.variants(of: fixture.provider) {
                var input = FuzzRequest(request: request, context: context)
                input.options = options
                input.request = adapter.sign(
                    input.request, connection: FuzzConnection.make(provider: fixture.provider, for: input), at: FuzzRequest.seedTime)
                input.request.receivedAt = FuzzRequest.seedTime
                seeds[target, default: []].append((name + suffix, input.bytes))
            }
        }
        for file in (try? fileManager.contentsOfDirectory(at: jsonTestSuite, includingPropertiesForKeys: nil)) ?? []
        where file.pathExtension == "json" {
            seeds[.json, default: []].append(
                ("jsontestsuite-" + file.deletingPathExtension().lastPathComponent, Array(try Data(contentsOf: file))))
        }
        var counts: [(FuzzTarget, Int)] = []
        for target in FuzzTarget.allCases {
            let folder = output.appendingPathComponent(target.rawValue)
            try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
            let list = seeds[target] ?? []
            for (name, bytes) in list {
                try Data(bytes).write(to: folder.appendingPathComponent(name))
            }
            counts.append((target, list.count))
        }
        return counts
    }

    /// The connection variants a provider's fixtures are signed with: Vonage once per SMS signature method.
    static func variants(of provider: Provider) -> [(suffix: String, options: [(name: String, value: String)])] {
        guard provider == .vonage else { return [("", [])] }
        return ["md5hash", "md5", "sha1", "sha256", "sha512"].map { method in
            (method == "md5hash" ? "" : "-" + method, method == "md5hash" ? [] : [("signature_method", method)])
        }
    }
}
