import SwitchboardCore

/// RFC 5322 §3.3 dates (`Thu, 03 Jul 2025 15:44:25 -0700 (PDT)`), with the obsolete forms real
/// mail still uses: no weekday, no seconds, two-digit years, named zones (`GMT`, `EST`, `PDT`, ...),
/// comments, and extra spaces. ISO 8601 is accepted as a last resort.
public enum EmailDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420,
        "mdt": -360, "pst": -480, "pdt": -420, "cet": 60, "cest": 120, "bst": 60, "ist": 330, "jst": 540,
    ]

    /// The instant the `Date` header names, or `nil` when it cannot be read. Every number is range-checked
    /// before it is used: a year outside 0–9999 (`1 Jan 99999999999`), a zone past `±2359` or an instant
    /// outside ``Timestamp/validMilliseconds`` once the zone is applied is unreadable (`nil`), never a trap.
    public static func parse(_ text: String) -> Timestamp? {
        var cleaned = ""
        var depth = 0
        for character in text {
            if character == "(" {
                depth += 1
            } else if character == ")" {
                depth = max(0, depth - 1)
            } else if depth == 0 {
                cleaned.append(character == "," ? " " : character)
            }
        }
        var tokens = cleaned.split(whereSeparator: \.isWhitespace).map(String.init)
        guard !tokens.isEmpty else { return nil }
        if let first = tokens.first, Int(first) == nil, monthNumber(first) == nil {
            tokens.removeFirst()  // day of week
        }
        guard tokens.count >= 4 else { return Timestamp.iso8601(text.trimmingSpaces()) }
        var day: Int?, month: Int?
        // `1 Jan 2024` or the occasional `Jan 1 2024`.
        if let value = Int(tokens[0]), let parsedMonth = monthNumber(tokens[1]) {
            day = value
            month = parsedMonth
        } else if let parsedMonth = monthNumber(tokens[0]), let value = Int(tokens[1]) {
            day = value
            month = parsedMonth
        }
        guard let day, let month, var year = Int(tokens[2]) else { return Timestamp.iso8601(text.trimmingSpaces()) }
        if tokens[2].count <= 2 { year += year < 50 ? 2000 : 1900 } else if tokens[2].count == 3 { year += 1900 }
        let clock = tokens[3].split(separator: ":").map { Int($0.prefix(2)) }
        guard clock.count >= 2, let hour = clock[0], let minute = clock[1] else { return nil }
        let second = clock.count > 2 ? (clock[2] ?? 0) : 0
        var offsetMinutes = 0
        if tokens.count > 4 {
            let zone = tokens[4]
            if let sign = zone.first, sign == "+" || sign == "-", zone.count >= 5, let value = Int(zone.dropFirst().prefix(4)) {
                guard (0...23).contains(value / 100), (0...59).contains(value % 100) else { return nil }
                offsetMinutes = (value / 100) * 60 + value % 100
                if sign == "-" { offsetMinutes = -offsetMinutes }
            } else if let named = zones[zone.lowercased()] {
                offsetMinutes = named
            }
        }
        guard var stamp = Timestamp(year: year, month: month, day: day, hour: hour, minute: minute, second: min(second, 59)) else {
            return nil
        }
        stamp.milliseconds -= Int64(offsetMinutes) * 60_000
        return Timestamp.validMilliseconds.contains(stamp.milliseconds) ? stamp : nil
    }

    private static func monthNumber(_ token: String) -> Int? {
        guard token.count >= 3 else { return nil }
        return months.firstIndex(of: String(token.lowercased().prefix(3))).map { $0 + 1 }
    }

    /// Formats an instant as an RFC 5322 date in UTC (`Thu, 03 Jul 2025 22:44:25 +0000`).
    public static func format(_ stamp: Timestamp) -> String {
        // Whole seconds held to years 0 to 9999, so rfc3339 is `YYYY-MM-DDTHH:MM:SSZ`.
        let seconds = Timestamp(seconds: stamp.milliseconds / 1000)
        let text = Array(seconds.rfc3339)
        let year = String(text[0..<4]), month = Int(String(text[5..<7])) ?? 1, day = String(text[8..<10])
        let time = String(text[11..<19])
        let days = Int((Double(seconds.milliseconds) / 86_400_000).rounded(.down))
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][((days % 7) + 7) % 7]
        let monthName = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][month - 1]
        return "\(weekday), \(day) \(monthName) \(year) \(time) +0000"
    }
}
