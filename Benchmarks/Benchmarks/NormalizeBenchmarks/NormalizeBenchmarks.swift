import AdapterKit
import Benchmark
import BenchmarkFixtures
import Foundation
import SwitchboardAdapters
import SwitchboardCore

/// Normalize throughput per provider over the inbound fixtures, in MB/s of webhook body per core,
/// beside a Foundation `JSONSerialization` parse of the same bytes measured in the same run (the
/// baseline the ratio is taken against); and the canonical JSON writing of the resulting events
/// (`CanonicalEvent.json` + `JSONWriter`), in MB/s of output, beside `JSONSerialization.data` writing
/// the same events (sorted keys) from Foundation objects.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, megabytesPerSecond],
        maxDuration: .seconds(3), maxIterations: 1_000_000)

    for (provider, bodies) in FixtureBodies.load() where !bodies.isEmpty {
        let totalBytes = bodies.reduce(0) { $0 + $1.body.count }
        guard let adapter = FixtureBodies.adapter(provider) else { continue }

        Benchmark("normalize \(provider) (\(bodies.count) bodies, \(totalBytes) B)") { benchmark in
            let start = ContinuousClock.now
            for _ in benchmark.scaledIterations {
                for item in bodies { blackHole(try? adapter.decode(item.request, context: item.context)) }
            }
            report(benchmark, bytes: totalBytes * benchmark.scaledIterations.count, since: start)
        }

        let events = FixtureBodies.events(of: bodies, provider: provider)
        let outputBytes = events.reduce(0) { $0 + JSONWriter().bytes($1.json).count }
        Benchmark("write \(provider) (\(events.count) events, \(outputBytes) B)") { benchmark in
            let start = ContinuousClock.now
            for _ in benchmark.scaledIterations {
                for event in events { blackHole(JSONWriter().bytes(event.json)) }
            }
            report(benchmark, bytes: outputBytes * benchmark.scaledIterations.count, since: start)
        }

        Benchmark("baseline JSONSerialization write \(provider)") { benchmark in
            let objects = events.map { FoundationJSON.object($0.json) }
            let start = ContinuousClock.now
            for _ in benchmark.scaledIterations {
                for object in objects { blackHole(try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) }
            }
            report(benchmark, bytes: outputBytes * benchmark.scaledIterations.count, since: start)
        }

        guard bodies.allSatisfy({ $0.isJSON }) else { continue }
        Benchmark("baseline JSONSerialization \(provider)") { benchmark in
            let datas = bodies.map { Data($0.body) }
            let start = ContinuousClock.now
            for _ in benchmark.scaledIterations {
                for data in datas { blackHole(try? JSONSerialization.jsonObject(with: data)) }
            }
            report(benchmark, bytes: totalBytes * benchmark.scaledIterations.count, since: start)
        }

        Benchmark("parse only JSONParser \(provider)") { benchmark in
            let start = ContinuousClock.now
            for _ in benchmark.scaledIterations {
                for item in bodies { blackHole(try? JSONParser.parse(item.body)) }
            }
            report(benchmark, bytes: totalBytes * benchmark.scaledIterations.count, since: start)
        }
    }
}

let megabytesPerSecond = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)

func report(_ benchmark: Benchmark, bytes: Int, since start: ContinuousClock.Instant) {
    let elapsed = start.duration(to: .now)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    guard seconds > 0 else { return }
    benchmark.measurement(megabytesPerSecond, Int((Double(bytes) / 1_000_000 / seconds).rounded()))
}
