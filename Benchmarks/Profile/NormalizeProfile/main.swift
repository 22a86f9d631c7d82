import AdapterKit
import BenchmarkFixtures
import Foundation
import SwitchboardCore

// A plain loop over one provider's fixtures, for profilers that count instructions
// (`valgrind --tool=callgrind`, `perf record`): wall time on a shared machine is noisy, instruction
// counts are not. Usage: NormalizeProfile <provider> <mode> <iterations>
// Modes: normalize, parse, foundation-parse, write, foundation-write, sha256 (of the bodies); `dump`
// prints every event's canonical line (to diff against the goldens after a change to the hot path).
// Run once with 0 iterations and subtract to leave out the fixture loading.

let arguments = CommandLine.arguments
guard arguments.count == 4, let iterations = Int(arguments[3]) else {
    print("usage: NormalizeProfile <provider> <normalize|parse|foundation-parse|write|foundation-write|sha256> <iterations>")
    exit(64)
}
let provider = arguments[1]
let mode = arguments[2]
guard let bodies = FixtureBodies.load(only: provider).first(where: { $0.provider == provider })?.bodies,
    let adapter = FixtureBodies.adapter(provider)
else {
    print("no fixtures for \(provider)")
    exit(66)
}
let events = FixtureBodies.events(of: bodies, provider: provider)
let foundationEvents = mode == "foundation-write" ? events.map { FoundationJSON.object($0.json) } : []
let datas = bodies.map { Data($0.body) }
let inputBytes = bodies.reduce(0) { $0 + $1.body.count }
let outputBytes = events.reduce(0) { $0 + JSONWriter().bytes($1.json).count }

/// The measured loop, in a function of its own so a profiler can count only inside it
/// (`valgrind --tool=callgrind --toggle-collect='$s16NormalizeProfile7measureyS2iF'`).
@MainActor @inline(never)
func measure(_ iterations: Int) -> Int {
    var checksum = 0
    for _ in 0..<iterations { checksum &+= pass() }
    return checksum
}

@MainActor @inline(__always)
func pass() -> Int {
    var checksum = 0
    switch mode {
    case "normalize":
        for item in bodies { checksum &+= (try? adapter.decode(item.request, context: item.context))?.count ?? 0 }
    case "parse":
        for item in bodies { checksum &+= (try? JSONParser.parse(item.body)) == nil ? 0 : 1 }
    case "foundation-parse":
        for data in datas { checksum &+= (try? JSONSerialization.jsonObject(with: data)) == nil ? 0 : 1 }
    case "sha256":
        for item in bodies { checksum &+= Signature.hex(Signature.digest(.sha256, item.body)).utf8.count }
    case "write":
        for event in events { checksum &+= JSONWriter().bytes(event.json).count }
    case "foundation-write":
        for object in foundationEvents {
            checksum &+= (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))?.count ?? 0
        }
    default:
        print("unknown mode \(mode)")
        exit(64)
    }
    return checksum
}

if mode == "dump" {
    for event in events { print(event.jsonLine) }
    exit(0)
}
let start = ContinuousClock.now
let checksum = measure(iterations)
let elapsed = start.duration(to: .now)
let bytes = (mode.hasSuffix("write") ? outputBytes : inputBytes) * iterations
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print("\(provider) \(mode): \(bodies.count) bodies, \(events.count) events, \(bytes) bytes, checksum \(checksum)")
if seconds > 0 { print(String(format: "%.1f MB/s", Double(bytes) / 1e6 / seconds)) }
