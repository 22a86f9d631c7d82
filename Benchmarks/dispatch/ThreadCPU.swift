import Foundation

/// CPU time (user + system) of this process's threads, grouped by thread name, from `/proc/self/task/*/stat`
/// (Linux; empty elsewhere). Two snapshots around a phase give the CPU each kind of thread spent in it.
struct ThreadCPU {
    /// Clock ticks per group.
    var ticks: [String: Int] = [:]

    /// The groups: the SQLite writer, the libcurl thread, NIO's event loops (the in-process mock), and everything
    /// else (the cooperative pool, where the SQLite reads and the mock's handlers run too).
    static func group(_ name: String) -> String {
        if name.hasPrefix("sb-sqlite-write") { return "SQLite writer" }
        if name.hasPrefix("sb-curl") { return "libcurl thread" }
        if name.hasPrefix("NIO-") { return "NIO event loops" }
        return "cooperative pool + other"
    }

    /// The current CPU time of every thread, grouped.
    static func snapshot() -> ThreadCPU {
        var result = ThreadCPU()
        guard let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task") else { return result }
        for task in tasks {
            guard let text = try? String(contentsOfFile: "/proc/self/task/\(task)/stat", encoding: .utf8),
                let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")")
            else { continue }
            let name = String(text[text.index(after: open)..<close])
            // After the name: state is field 3; utime and stime are fields 14 and 15.
            let fields = text[text.index(after: close)...].split(separator: " ")
            guard fields.count > 13, let user = Int(fields[11]), let system = Int(fields[12]) else { continue }
            result.ticks[group(name), default: 0] += user + system
        }
        return result
    }

    /// Microseconds of CPU per message per group between `earlier` and `self`, with the total.
    func report(since earlier: ThreadCPU, messages: Int) -> String {
        let hertz = Double(sysconf(Int32(_SC_CLK_TCK)))
        var lines: [String] = []
        var total = 0.0
        for (name, value) in ticks.sorted(by: { $0.key < $1.key }) {
            let micros = Double(value - (earlier.ticks[name] ?? 0)) / hertz * 1e6 / Double(messages)
            total += micros
            lines.append(String(format: "    %@: %.0f µs", name, micros))
        }
        lines.append(String(format: "    all threads: %.0f µs", total))
        return "  CPU per message (peak phase):\n" + lines.joined(separator: "\n")
    }
}
