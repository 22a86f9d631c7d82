import AdapterKit
import Foundation
import SwitchboardAdapters
import SwitchboardCore
import SwitchboardFixtures
import TestSupport
import Testing

/// Issue 19: no number from outside can trap a decoder. Every inbound fixture of every provider is built
/// into its request exactly as replay builds it; then each numeric field in turn (JSON numbers and numeric
/// strings, numeric form and query values, each number of an email's `Date:`) takes each boundary value
/// (0, -1, Int64.max, Int64.min, 1e300, -1e300, forty digits). The decode must return events that render
/// as valid JSON, or refuse the body with a `SwitchboardError`. A trap kills the test process: a visible failure.
@Suite struct BoundaryValuePropertyTests {
    @Test("every numeric field of every inbound fixture, at every boundary value, decodes or is refused: never a trap")
    func everyBoundaryValueDecodesOrIsRefused() throws {
        let registry = StandardAdapters.registry
        let runner = FixtureRunner(registry: registry)
        let cases = try FixtureDiscovery.cases(in: [FixturePaths.fixtures]).filter { $0.kind == .inbound }
        #expect(cases.count > 300)
        var decodes = 0, refusals = 0, fixturesMutated = 0
        var codes: Set<String> = []
        let started = ContinuousClock.now
        for fixture in cases {
            let adapter = try #require(registry.adapter(for: fixture.provider), "\(fixture.displayName)")
            let (request, context) = try runner.inboundRequest(for: fixture, bytes: Array(try Data(contentsOf: fixture.input)))
            let mutants = BoundaryMutations.mutants(of: request)
            if !mutants.isEmpty { fixturesMutated += 1 }
            for mutant in mutants {
                decodes += 1
                do {
                    for event in try adapter.decode(mutant.request, context: context) {
                        let line = event.jsonLine
                        if (try? JSONParser.parse(line)) == nil {
                            Issue.record("\(fixture.displayName), \(mutant.description): an event is not valid JSON: \(line.prefix(300))")
                        }
                    }
                } catch {
                    refusals += 1
                    codes.insert(error.code.rawValue)
                }
            }
        }
        let elapsed = ContinuousClock.now - started
        print(
            "boundary values: \(decodes) decodes of \(fixturesMutated) of \(cases.count) inbound fixtures, \(refusals) refused, in \(elapsed)"
        )
        #expect(decodes > 10_000)
        #expect(refusals > 0)
        #expect(codes.isSubset(of: ["malformed_body", "not_for_provider"]), "\(codes)")
    }
}
