import AdapterKit
import Foundation
import SwitchboardCore

/// Replays fixture cases against their goldens; optionally rewrites the goldens.
public struct FixtureReplay: Sendable {
    /// The result of one case.
    public struct CaseResult: Sendable {
        public var fixture: FixtureCase
        /// `nil` when the output matched; otherwise a readable explanation with a diff.
        public var failure: String?
        /// Whether `--update` wrote a golden.
        public var updated: Bool
    }

    /// The result of a run.
    public struct Report: Sendable {
        public var results: [CaseResult]
        public var passed: Int { results.filter { $0.failure == nil }.count }
        public var failed: Int { results.count - passed }

        /// A summary line in the plain `N passed, N failed` form.
        public var summary: String { "replay: \(passed) passed, \(failed) failed" }
    }

    public var runner: FixtureRunner

    public init(registry: AdapterRegistry) { runner = FixtureRunner(registry: registry) }

    /// Runs every case; with `update`, writes the produced output as the new golden.
    public func run(_ cases: [FixtureCase], update: Bool = false) -> Report {
        Report(results: cases.map { run($0, update: update) })
    }

    /// Runs one case.
    public func run(_ fixture: FixtureCase, update: Bool) -> CaseResult {
        let output: FixtureRunner.Output
        do {
            output = try runner.run(fixture)
        } catch {
            return CaseResult(fixture: fixture, failure: "could not run: \(error)", updated: false)
        }
        let (file, other, produced): (URL, URL, String)
        switch output {
        case .success(let text): (file, other, produced) = (fixture.expectedOutput, fixture.expectedError, text)
        case .refusal(let text): (file, other, produced) = (fixture.expectedError, fixture.expectedOutput, text)
        }
        if update {
            do {
                try? FileManager.default.removeItem(at: other)
                let existing = try? String(contentsOf: file, encoding: .utf8)
                if existing != produced { try produced.write(to: file, atomically: true, encoding: .utf8) }
                return CaseResult(fixture: fixture, failure: nil, updated: existing != produced)
            } catch {
                return CaseResult(fixture: fixture, failure: "could not write \(file.path): \(error)", updated: false)
            }
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            if let otherText = try? String(contentsOf: other, encoding: .utf8) {
                return CaseResult(
                    fixture: fixture,
                    failure: "expected \(other.lastPathComponent) but the adapter produced \(file.lastPathComponent)\n"
                        + LineDiff.render(expected: Self.readable(otherText), actual: Self.readable(produced)),
                    updated: false)
            }
            return CaseResult(fixture: fixture, failure: "no golden file (\(file.lastPathComponent)); run replay --update", updated: false)
        }
        if expected == produced { return CaseResult(fixture: fixture, failure: nil, updated: false) }
        return CaseResult(
            fixture: fixture, failure: LineDiff.render(expected: Self.readable(expected), actual: Self.readable(produced)),
            updated: false)
    }

    /// Re-indents JSON lines so a diff points at the member that changed, not at a 2 KB line.
    static func readable(_ text: String) -> String {
        text.split(separator: "\n").map { line -> String in
            guard line.first == "{", let value = try? JSONParser.parse(String(line)) else { return String(line) }
            return value.prettyText
        }.joined(separator: "\n")
    }
}
