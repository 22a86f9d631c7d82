import SwitchboardCore

/// One bad line of a price table's CSV: its number (1 is the header) and what is wrong, with a stable code.
public struct RateCardCSVProblem: Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, for programs.
    public struct Code: ErrorCode {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The header is missing a required column, names an unknown or repeated one.
        public static let badHeader: Code = "bad_header"
        /// The line has more or fewer fields than the header, or an unterminated quote.
        public static let badFields: Code = "bad_fields"
        public static let badCallingCode: Code = "bad_calling_code"
        public static let badCategory: Code = "bad_category"
        public static let badPrice: Code = "bad_price"
        public static let badCurrency: Code = "bad_currency"
        public static let badDate: Code = "bad_effective_from"
        public static let badChannel: Code = "bad_channel"
        /// A second price for the same channel, calling code, category and date.
        public static let duplicate: Code = "duplicate_rate"
        /// The file has no rates.
        public static let empty: Code = "no_rates"
    }

    /// The line's number in the file (1 is the header).
    public var line: Int
    public var code: Code
    public var message: String

    public init(line: Int, code: Code, message: String) {
        self.line = line
        self.code = code
        self.message = message
    }

    /// `line <n>: <message>`.
    public var description: String { "line \(line): \(message)" }

    /// `{line, code, message}`.
    public var json: JSONValue {
        .object(JSONObject([("line", .int(Int64(line))), ("code", .string(code.rawValue)), ("message", .string(message))]))
    }
}

/// Why a price table was not imported: every bad line, in file order. Nothing is imported when any line is bad.
public struct RateCardCSVError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [RateCardCSVProblem]

    public init(problems: [RateCardCSVProblem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "; ") }

    /// An error of one problem.
    static func one(line: Int, code: RateCardCSVProblem.Code, message: String) -> RateCardCSVError {
        RateCardCSVError(problems: [RateCardCSVProblem(line: line, code: code, message: message)])
    }
}

extension RateCard {
    /// The columns of a price table's CSV; `channel` may be left out (WhatsApp).
    public static let csvColumns = ["calling_code", "category", "price", "currency", "effective_from", "channel"]

    /// Reads a price table from CSV (RFC 4180: comma-separated, optional double quotes, CRLF or LF): a header
    /// naming the columns `calling_code,category,price,currency,effective_from[,channel]` in any order, then one
    /// rate per line. Blank lines are skipped.
    ///
    /// - `calling_code`: the country calling code the recipient's number starts with (1 to 6 digits, an optional
    ///   leading `+`), or `*` for every country.
    /// - `category`: `marketing`, `utility`, `authentication`, `service`, ... (letters, digits, `_`; case ignored).
    /// - `price`: a decimal string of at most six decimals, zero or more (`"0.0250"`).
    /// - `currency`: an ISO 4217 code (`USD`).
    /// - `effective_from`: a date (`2026-10-01`, midnight UTC) or an RFC 3339 time.
    /// - `channel`: `whatsapp` (the default), `messenger`, `instagram`, `telegram`, `email`, `sms`.
    ///
    /// Every bad line is reported with its number; one bad line and nothing is imported.
    public init(csv text: String, importedAt: Timestamp? = nil, importedBy: String? = nil) throws(RateCardCSVError) {
        var problems: [RateCardCSVProblem] = []
        let lines = Self.csvRecords(text)
        guard let header = lines.first(where: { !$0.isBlank }) else {
            throw RateCardCSVError(problems: [RateCardCSVProblem(line: 1, code: .empty, message: "the file is empty")])
        }
        let columns: [String: Int]
        switch Self.csvHeader(header) {
        case .success(let found): columns = found
        case .failure(let error): throw error
        }
        var rates: [Rate] = []
        var firstLine: [RateKey: Int] = [:]
        for record in lines where record.number > header.number && !record.isBlank {
            switch Self.csvRate(record, columns: columns) {
            case .failure(let error):
                problems += error.problems
            case .success(let rate):
                let key = RateKey(rate)
                if let earlier = firstLine[key] {
                    problems.append(
                        RateCardCSVProblem(
                            line: record.number, code: .duplicate,
                            message: "line \(earlier) already prices \(rate.channel.rawValue) \(rate.category) for \(rate.callingCode) "
                                + "from \(rate.effectiveFrom.rfc3339)"))
                } else {
                    firstLine[key] = record.number
                    rates.append(rate)
                }
            }
        }
        if problems.isEmpty, rates.isEmpty {
            problems.append(RateCardCSVProblem(line: header.number, code: .empty, message: "the file has a header and no rates"))
        }
        guard problems.isEmpty else { throw RateCardCSVError(problems: problems) }
        self.init(rates: rates, importedAt: importedAt, importedBy: importedBy)
    }

    /// What makes two rates the same price point.
    private struct RateKey: Hashable {
        var channel: Channel
        var callingCode: String
        var category: String
        var effectiveFrom: Timestamp
        init(_ rate: Rate) {
            channel = rate.channel
            callingCode = rate.callingCode
            category = rate.category
            effectiveFrom = rate.effectiveFrom
        }
    }

    /// The column positions the header names, or its problem.
    private static func csvHeader(_ header: CSVRecord) -> Result<[String: Int], RateCardCSVError> {
        guard let fields = header.fields else {
            return .failure(.one(line: header.number, code: .badHeader, message: "the header has an unterminated quote"))
        }
        var columns: [String: Int] = [:]
        for (index, raw) in fields.enumerated() {
            let name = raw.trimmingSpaces.lowercased()
            guard csvColumns.contains(name) else {
                return .failure(
                    .one(
                        line: header.number, code: .badHeader,
                        message: "unknown column \"\(name)\" (the columns are \(csvColumns.joined(separator: ",")))"))
            }
            guard columns[name] == nil else {
                return .failure(.one(line: header.number, code: .badHeader, message: "the column \"\(name)\" appears twice"))
            }
            columns[name] = index
        }
        let missing = csvColumns.dropLast().filter { columns[$0] == nil }
        guard missing.isEmpty else {
            return .failure(
                .one(
                    line: header.number, code: .badHeader,
                    message: "the header lacks \(missing.joined(separator: ", ")) "
                        + "(expected calling_code,category,price,currency,effective_from[,channel])"))
        }
        return .success(columns)
    }

    /// One line's rate, or every problem of the line.
    private static func csvRate(_ record: CSVRecord, columns: [String: Int]) -> Result<Rate, RateCardCSVError> {
        let line = record.number
        guard let fields = record.fields else {
            return .failure(.one(line: line, code: .badFields, message: "unterminated quote"))
        }
        guard fields.count == columns.count else {
            return .failure(
                .one(line: line, code: .badFields, message: "\(fields.count) fields where the header has \(columns.count)"))
        }
        func field(_ name: String) -> String { columns[name].map { fields[$0].trimmingSpaces } ?? "" }
        var problems: [RateCardCSVProblem] = []
        var code = field("calling_code")
        if code.hasPrefix("+") { code.removeFirst() }
        if code != "*", !(1...6).contains(code.count) || !code.allSatisfy(\.isASCIIDigit) {
            problems.append(
                RateCardCSVProblem(
                    line: line, code: .badCallingCode, message: "calling_code \"\(field("calling_code"))\" is not 1 to 6 digits or *"))
        }
        let category = field("category").lowercased()
        if category.isEmpty || !category.allSatisfy({ $0.isASCIIDigit || ("a"..."z").contains($0) || $0 == "_" }) {
            problems.append(
                RateCardCSVProblem(line: line, code: .badCategory, message: "category \"\(category)\" is not a word (e.g. marketing)"))
        }
        let price = Money(decimalString: field("price"))
        if price == nil || price?.isNegative == true {
            problems.append(
                RateCardCSVProblem(
                    line: line, code: .badPrice,
                    message: "price \"\(field("price"))\" is not a decimal of at most six decimals, zero or more (e.g. 0.0250)"))
        }
        let currency = field("currency").uppercased()
        if currency.count != 3 || !currency.allSatisfy({ ("A"..."Z").contains($0) }) {
            problems.append(
                RateCardCSVProblem(
                    line: line, code: .badCurrency, message: "currency \"\(field("currency"))\" is not an ISO 4217 code (e.g. USD)"))
        }
        let effective = Self.csvDate(field("effective_from"))
        if effective == nil {
            problems.append(
                RateCardCSVProblem(
                    line: line, code: .badDate,
                    message: "effective_from \"\(field("effective_from"))\" is not a date (2026-10-01) or an RFC 3339 time"))
        }
        let channelName = field("channel").lowercased()
        let channel = channelName.isEmpty ? .whatsapp : Channel(rawValue: channelName)
        if channel == nil {
            let known = Channel.allCases.map(\.rawValue).joined(separator: ", ")
            problems.append(
                RateCardCSVProblem(line: line, code: .badChannel, message: "channel \"\(channelName)\" is not one of \(known)"))
        }
        guard problems.isEmpty, let price, let effective, let channel else { return .failure(RateCardCSVError(problems: problems)) }
        return .success(
            Rate(channel: channel, callingCode: code, category: category, price: price, currency: currency, effectiveFrom: effective))
    }

    /// `YYYY-MM-DD` (midnight UTC) or an RFC 3339 time.
    static func csvDate(_ text: String) -> Timestamp? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }), let year = Int(parts[0]), let month = Int(parts[1]),
            let day = Int(parts[2])
        {
            return Timestamp(year: year, month: month, day: day)
        }
        return Timestamp.iso8601(text)
    }

    /// The file's records with their line numbers; a quoted field may span lines (the record keeps the number of
    /// its first line). `fields` is `nil` for a record whose quote is never closed.
    static func csvRecords(_ text: String) -> [CSVRecord] {
        var records: [CSVRecord] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var fieldWasQuoted = false
        var line = 1
        var start = 1
        var characters = Array(text.unicodeScalars.map(Character.init))
        if characters.first == "\u{FEFF}" { characters.removeFirst() }
        var index = 0
        func endRecord() {
            fields.append(field)
            records.append(CSVRecord(number: start, fields: fields))
            fields = []
            field = ""
            fieldWasQuoted = false
        }
        while index < characters.count {
            let character = characters[index]
            index += 1
            if quoted {
                if character == "\"" {
                    if index < characters.count, characters[index] == "\"" {
                        field.append("\"")
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if character == "\n" { line += 1 }
                    if character != "\r" { field.append(character) }
                }
                continue
            }
            switch character {
            case "\"" where field.trimmingSpaces.isEmpty && !fieldWasQuoted:
                quoted = true
                fieldWasQuoted = true
                field = ""
            case ",":
                fields.append(field)
                field = ""
                fieldWasQuoted = false
            case "\r":
                continue
            case "\n":
                endRecord()
                line += 1
                start = line
            default:
                field.append(character)
            }
        }
        if quoted {
            records.append(CSVRecord(number: start, fields: nil))
        } else if !field.isEmpty || !fields.isEmpty || fieldWasQuoted {
            endRecord()
        }
        return records
    }

    /// One CSV record: the number of its first line and its fields (`nil`: an unterminated quote).
    struct CSVRecord: Sendable, Hashable {
        var number: Int
        var fields: [String]?

        /// A line with nothing on it.
        var isBlank: Bool { fields.map { $0.count == 1 && $0[0].trimmingSpaces.isEmpty } ?? false }
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }
}

extension Character {
    /// `0`–`9`.
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
