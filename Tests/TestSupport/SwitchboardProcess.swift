import Foundation

/// The built `switchboard` binary run as a user runs it: arguments and stdin in, stdout, stderr and exit status out.
public enum SwitchboardProcess {
    /// What one run printed and how it ended.
    public struct Run: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// Standard output, byte-exact.
        public var output: [UInt8]
    }

    /// The debug build's binary (`swift build` makes it; `swift test` builds it too).
    public static var binary: URL { FixturePaths.packageRoot.appendingPathComponent(".build/debug/switchboard") }

    /// Whether the binary exists.
    public static var isBuilt: Bool { FileManager.default.fileExists(atPath: binary.path) }

    /// Runs the binary with `arguments`, writing `stdin` to it, in the package root.
    public static func run(_ arguments: [String], stdin: [UInt8] = [], environment: [String: String]? = nil) throws -> Run {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = FixturePaths.packageRoot
        if let environment { process.environment = environment }
        let input = Pipe(), output = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        input.fileHandleForWriting.write(Data(stdin))
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self),
            output: Array(out))
    }
}
