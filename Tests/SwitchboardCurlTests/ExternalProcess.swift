import Foundation
import SwitchboardCore
import TestSupport

/// A helper program (python3, openssl) run by a test, with its standard output collected.
final class ExternalProcess: Sendable {
    private let process: Process
    private let output = Output()

    private final class Output: Sendable {
        let bytes = Locked<[UInt8]>([])
    }

    /// Whether `tool` is on the PATH.
    static func isAvailable(_ tool: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)") }
    }

    /// Runs `arguments` (the first is looked up on the PATH) and returns at once.
    init(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        self.process = process
        pipe.fileHandleForReading.readabilityHandler = { [output] handle in
            let data = handle.availableData
            output.bytes.withLock { $0 += data }
        }
        try process.run()
    }

    /// Runs `arguments` to completion; throws when it exits non-zero.
    static func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "\(arguments[0]) exited \(process.terminationStatus)"])
        }
    }

    /// Everything the program printed so far.
    var printed: String { output.bytes.withLock { String(decoding: $0, as: UTF8.self) } }

    /// Waits (up to 10 s) until the output contains `text`; throws ``EventuallyTimedOut`` when it never does.
    func waitForOutput(containing text: String) async throws {
        try await eventually("\(process.arguments?.dropFirst().first ?? "the program") printed \"\(text)\"") { printed.contains(text) }
    }

    /// Stops the program. SIGKILL, because a child of the test runner may inherit a signal mask
    /// that blocks SIGTERM.
    func terminate() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
