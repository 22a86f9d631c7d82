import CFuzzerDriver
import Foundation

// switchboard-fuzz: every libFuzzer target of docs/fuzzing.md in one binary (one build, one link).
//
//   switchboard-fuzz TARGET [libFuzzer flags and corpus folders]   fuzz TARGET (a FuzzTarget raw value)
//   switchboard-fuzz seed FIXTURES JSONTESTSUITE OUTPUT              write every target's seed corpus
//   switchboard-fuzz list                                            print the target names
//
// scripts/fuzz.sh drives it.

/// The target chosen on the command line, read by the callback libFuzzer calls for every input.
nonisolated(unsafe) var selectedTarget = FuzzTarget.json

let arguments = CommandLine.arguments
func usage() -> Never {
    let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")
    FileHandle.standardError.write(
        Data("usage: switchboard-fuzz \(names) [libFuzzer flags] | seed FIXTURES JSONTESTSUITE OUTPUT | list\n".utf8))
    exit(2)
}
guard arguments.count >= 2 else { usage() }

switch arguments[1] {
case "list":
    for target in FuzzTarget.allCases { print(target.rawValue) }
case "seed":
    guard arguments.count == 5 else { usage() }
    let corpus = SeedCorpus(
        fixtures: URL(fileURLWithPath: arguments[2]), jsonTestSuite: URL(fileURLWithPath: arguments[3]),
        output: URL(fileURLWithPath: arguments[4]))
    do {
        for (target, count) in try corpus.write() { print("\(target.rawValue): \(count) seeds") }
    } catch {
        FileHandle.standardError.write(Data("switchboard-fuzz seed: \(error)\n".utf8))
        exit(1)
    }
default:
    guard let target = FuzzTarget(rawValue: arguments[1]) else { usage() }
    selectedTarget = target
    // libFuzzer sees the program name and everything after the target's name.
    var driverArguments = [arguments[0]] + arguments.dropFirst(2)
    var cArguments: [UnsafeMutablePointer<CChar>?] = driverArguments.map { strdup($0) } + [nil]
    var argc = Int32(driverArguments.count)
    let status = cArguments.withUnsafeMutableBufferPointer { buffer -> Int32 in
        var argv = buffer.baseAddress
        return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
            selectedTarget.run(bytes)
            return 0
        }
    }
    driverArguments.removeAll()
    exit(status)
}

/// libFuzzer's own `main` (linked in with `-sanitize=fuzzer`) needs this symbol; ours calls `LLVMFuzzerRunDriver`.
@_cdecl("LLVMFuzzerTestOneInput") func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    selectedTarget.run(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
