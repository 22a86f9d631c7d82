import SwitchboardCore
import Testing

/// Numbers from outside the process: the JSON accessors never trap, and ``InputNumber`` bounds every value.
@Suite struct InputNumberTests {
    @Test("int64 is exact or nil for the boundary values, from numbers and numeric strings")
    func int64IsExactOrNil() throws {
        let document = try JSONParser.parse(
            #"[9223372036854775807, -9223372036854775808, 9223372036854775808, 1e300, -1e300, 1e400, 1.5, 1.7e9, 12.0, -0, "#
                + #"1234567890123456789012345678901234567890, "9223372036854775807", "1e3", "nan"]"#)
        let values = try #require(document.array).map(\.int64)
        #expect(values == [.max, .min, nil, nil, nil, nil, nil, 1_700_000_000, 12, 0, nil, .max, nil, nil])
        #expect(JSONValue.number("9.3e18").int64 == nil)
        #expect(JSONValue.number("9.2e18").int64 == 9_200_000_000_000_000_000)
        #expect(JSONValue.number("-9.223372036854775808e18").int64 == .min)
    }

    @Test("double is finite or nil, and a non-finite double is written as null, never as invalid JSON")
    func doubleIsFinite() {
        #expect(JSONValue.number("1e300").double == 1e300)
        #expect(JSONValue.number("1e400").double == nil)
        #expect(JSONValue.number("-1e400").double == nil)
        #expect(JSONValue.string("nan").double == nil)
        #expect(JSONValue.string("inf").double == nil)
        #expect(JSONValue.string("-infinity").double == nil)
        #expect(JSONValue.double(.nan) == .null)
        #expect(JSONValue.double(-.infinity) == .null)
        #expect(JSONValue.double(1e300).canonicalText == "1e+300")
        #expect(JSONValue.double(-1e300).canonicalText == "-1e+300")
    }

    @Test func numericTextIsASignThenADigitOrAPoint() {
        for text in ["0", "-1", "+7", ".5", "1e300", "-1e300", String(repeating: "9", count: 40), "1714564800", "1.5E-3"] {
            #expect(InputNumber.isNumeric(text), "\(text)")
        }
        for text in ["", "-", "nan", "-nan", "inf", "Infinity", "0x10", "TIMESTAMP", "12abc", " 1", "e5", "1,5"] {
            #expect(!InputNumber.isNumeric(text), "\(text)")
        }
        #expect(!InputNumber.isNumeric(.bool(true)))
        #expect(InputNumber.isNumeric(.number("-0")))
    }

    @Test("a number out of its range is refused naming the field; absent and non-numeric values are nil")
    func integersAreBoundedOrRefused() throws {
        #expect(try InputNumber.integer("10", in: 0...10, field: "NumMedia", expected: "a media count (0 to 10)") == 10)
        #expect(try InputNumber.integer(nil as String?, in: 0...10, field: "NumMedia", expected: "x") == nil)
        #expect(try InputNumber.integer("", in: 0...10, field: "NumMedia", expected: "x") == nil)
        #expect(try InputNumber.integer("lots", in: 0...10, field: "NumMedia", expected: "x") == nil)
        #expect(throws: SwitchboardError.malformed("NumMedia: 2147483648 is not a media count (0 to 10)")) {
            try InputNumber.integer("2147483648", in: 0...10, field: "NumMedia", expected: "a media count (0 to 10)")
        }
        for text in ["-1", "11", "1e300", "1.5", String(repeating: "4", count: 40)] {
            #expect(throws: SwitchboardError.self) { try InputNumber.integer(text, in: 0...10, field: "NumMedia", expected: "x") }
        }
        #expect(throws: SwitchboardError.self) { try InputNumber.count(.number("-1"), field: "file_size") }
        #expect(try InputNumber.count(.number("9223372036854775807"), field: "file_size") == .max)
    }

    @Test func coordinatesAreDegreesOnTheGlobe() throws {
        #expect(try InputNumber.latitude(.number("-90"), field: "lat") == -90)
        #expect(try InputNumber.longitude("180", field: "Longitude") == 180)
        #expect(throws: SwitchboardError.malformed("location.latitude: 1e300 is not a latitude (-90 to 90)")) {
            try InputNumber.latitude(.number("1e300"), field: "location.latitude")
        }
        #expect(throws: SwitchboardError.self) { try InputNumber.longitude("-180.5", field: "Longitude") }
        #expect(throws: SwitchboardError.self) { try InputNumber.latitude(.number("1e400"), field: "lat") }
        #expect(try InputNumber.latitude("north", field: "Latitude") == nil)
    }

    @Test func aRefusedValueWithControlCharactersIsQuotedAsJSON() {
        let error = SwitchboardError.impossibleValue("f", "1\n2", expected: "a number")
        #expect(error.message == #"f: "1\n2" is not a number"#)
    }
}
