import Foundation

/// Reading stdin and writing to stdout/stderr without buffering surprises.
enum StandardStreams {
    /// Every byte of standard input.
    static func readAll() -> [UInt8] {
        Array(FileHandle.standardInput.readDataToEndOfFile())
    }

    /// Writes text to standard output.
    static func print(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes one line to standard error.
    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// Exit code 65 (EX_DATAERR): the input was not something the command can read.
struct DataError: Error {}
