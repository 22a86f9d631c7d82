/// Numbers written the way the decision messages print them.
enum HumanText {
    /// `45 s`, `12 min`, `3 h`, `23 h 59 min`, `2 days 4 h`, `8 days`.
    static func duration(milliseconds: Int64) -> String {
        let seconds = max(0, milliseconds) / 1000
        if seconds < 60 { return "\(seconds) s" }
        let minutes = seconds / 60
        if minutes < 60 { return "\(minutes) min" }
        let hours = minutes / 60, restMinutes = minutes % 60
        if hours < 48 { return restMinutes == 0 ? "\(hours) h" : "\(hours) h \(restMinutes) min" }
        let days = hours / 24, restHours = hours % 24
        return restHours == 0 ? "\(days) days" : "\(days) days \(restHours) h"
    }

    /// A configured length: `24 h`, `72 h`, `7 days` (whole days only beyond 72 h).
    static func length(_ duration: Duration) -> String {
        let hours = duration.policyMilliseconds / 3_600_000
        let whole = duration.policyMilliseconds % 3_600_000 == 0
        if whole, hours > 72, hours % 24 == 0 { return "\(hours / 24) days" }
        if whole, hours > 0 { return "\(hours) h" }
        return self.duration(milliseconds: duration.policyMilliseconds)
    }

    /// Bytes in decimal units: `500 KB`, `5 MB`, `6.2 MB`, `812 bytes`.
    static func bytes(_ count: Int64) -> String {
        if count < 1000 { return count == 1 ? "1 byte" : "\(count) bytes" }
        let (unit, size): (String, Int64) =
            count < 1_000_000 ? ("KB", 1000) : count < 1_000_000_000 ? ("MB", 1_000_000) : ("GB", 1_000_000_000)
        // Whole units first, then the rounded tenth of the remainder: exact, and no step overflows near Int64.max.
        let tenths = count / size * 10 + (count % size * 10 + size / 2) / size
        return tenths % 10 == 0 ? "\(tenths / 10) \(unit)" : "\(tenths / 10).\(tenths % 10) \(unit)"
    }

    /// `a`, `a or b`, `a, b or c`.
    static func list(_ items: [String], conjunction: String = "or") -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " \(conjunction) " + items[items.count - 1]
        }
    }
}
