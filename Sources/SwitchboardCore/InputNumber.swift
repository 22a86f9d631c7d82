/// Numbers read from a provider's payload, each with the range its field can hold.
///
/// Every reader returns `nil` when the value is absent (JSON `null`, an empty form field) or is not a
/// number at all (a placeholder such as `"TIMESTAMP"`, `true`: ignored, as an unknown field is), and
/// refuses a number outside its range (or not whole where a whole number is needed) with
/// `malformed_body` naming the field, so a decoder never does arithmetic on a number it has not
/// bounded. A number is a JSON number or a string ``isNumeric(_:)-(String)`` accepts (`"1714564800"`,
/// `"-1"`, `"1e300"`, forty digits). The field is an autoclosure: the path is only built for the error.
public enum InputNumber {
    /// Latitudes in degrees.
    public static let latitudes: ClosedRange<Double> = -90...90
    /// Longitudes in degrees.
    public static let longitudes: ClosedRange<Double> = -180...180

    /// Whether `text` is written as a number: an optional sign, then a digit or a point, and text `Double`
    /// reads (so `1e300` and forty digits are numbers, `nan`, `inf` and `0x10` are not).
    public static func isNumeric(_ text: String) -> Bool {
        var bytes = text.utf8.makeIterator()
        guard var first = bytes.next() else { return false }
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            guard let next = bytes.next() else { return false }
            first = next
        }
        guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) || first == UInt8(ascii: ".") else { return false }
        return !text.contains { $0 == "x" || $0 == "X" } && Double(text) != nil
    }

    /// Whether `value` is a JSON number or a string ``isNumeric(_:)-(String)`` accepts.
    public static func isNumeric(_ value: JSONValue) -> Bool {
        switch value {
        case .number: true
        case .string(let text): isNumeric(text)
        default: false
        }
    }

    /// A whole number in `range` (a JSON number, or a numeric string); `expected` completes
    /// "<field>: <value> is not …" in the refusal.
    public static func integer(
        _ value: JSONValue?, in range: ClosedRange<Int64>, field: @autoclosure () -> String, expected: @autoclosure () -> String
    ) throws(SwitchboardError) -> Int64? {
        guard let value else { return nil }
        if let number = value.int64, range.contains(number) { return number }
        guard isNumeric(value) else { return nil }
        throw .impossibleValue(field(), value, expected: expected())
    }

    /// A whole number in `range` from a form, query or header field.
    public static func integer(
        _ text: String?, in range: ClosedRange<Int64>, field: @autoclosure () -> String, expected: @autoclosure () -> String
    ) throws(SwitchboardError) -> Int64? {
        try integer(text.map(JSONValue.string), in: range, field: field(), expected: expected())
    }

    /// A size in bytes or a count: a whole number from 0 to `Int64.max`.
    public static func count(_ value: JSONValue?, field: @autoclosure () -> String) throws(SwitchboardError) -> Int64? {
        try integer(value, in: 0...Int64.max, field: field(), expected: "a count (a whole number from 0)")
    }

    /// A finite number in `range`.
    public static func decimal(
        _ value: JSONValue?, in range: ClosedRange<Double>, field: @autoclosure () -> String, expected: @autoclosure () -> String
    ) throws(SwitchboardError) -> Double? {
        guard let value else { return nil }
        if let number = value.double, range.contains(number), isNumeric(value) { return number }
        guard isNumeric(value) else { return nil }
        throw .impossibleValue(field(), value, expected: expected())
    }

    /// A finite number in `range` from a form, query or header field.
    public static func decimal(
        _ text: String?, in range: ClosedRange<Double>, field: @autoclosure () -> String, expected: @autoclosure () -> String
    ) throws(SwitchboardError) -> Double? {
        try decimal(text.map(JSONValue.string), in: range, field: field(), expected: expected())
    }

    /// A latitude (-90 to 90 degrees).
    public static func latitude(_ value: JSONValue?, field: @autoclosure () -> String) throws(SwitchboardError) -> Double? {
        try decimal(value, in: latitudes, field: field(), expected: "a latitude (-90 to 90)")
    }

    /// A longitude (-180 to 180 degrees).
    public static func longitude(_ value: JSONValue?, field: @autoclosure () -> String) throws(SwitchboardError) -> Double? {
        try decimal(value, in: longitudes, field: field(), expected: "a longitude (-180 to 180)")
    }

    /// A latitude from a form or query field.
    public static func latitude(_ text: String?, field: @autoclosure () -> String) throws(SwitchboardError) -> Double? {
        try decimal(text, in: latitudes, field: field(), expected: "a latitude (-90 to 90)")
    }

    /// A longitude from a form or query field.
    public static func longitude(_ text: String?, field: @autoclosure () -> String) throws(SwitchboardError) -> Double? {
        try decimal(text, in: longitudes, field: field(), expected: "a longitude (-180 to 180)")
    }
}
