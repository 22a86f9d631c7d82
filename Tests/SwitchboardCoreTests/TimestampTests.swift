import Foundation
import SwitchboardCore
import TestSupport
import Testing

@Suite struct TimestampTests {
    @Test("rfc3339 agrees with Foundation's ISO 8601 formatter from 1970 to 9999, with and without milliseconds")
    func rfc3339MatchesFoundation() {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var random = SeededRandom(seed: 0x7153)
        for _ in 0..<2_000 {
            let milliseconds = Int64.random(in: 0..<253_402_300_800_000, using: &random)  // up to 9999-12-31
            let expected = formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
            #expect(Timestamp(milliseconds: milliseconds).rfc3339 == expected)
            #expect(
                Timestamp(milliseconds: milliseconds - milliseconds % 1000, hasMilliseconds: false).rfc3339 == expected.prefix(19) + "Z")
        }
    }

    @Test func formatsSecondsAndMilliseconds() {
        #expect(Timestamp(seconds: 1_714_564_800).rfc3339 == "2024-05-01T12:00:00Z")
        #expect(Timestamp(milliseconds: 1_714_564_800_123).rfc3339 == "2024-05-01T12:00:00.123Z")
        #expect(Timestamp(seconds: 0).rfc3339 == "1970-01-01T00:00:00Z")
        #expect(Timestamp(seconds: 951_782_400).rfc3339 == "2000-02-29T00:00:00Z")
    }

    @Test func parsesISO8601Variants() {
        #expect(Timestamp.iso8601("2024-05-01T12:00:00Z")?.rfc3339 == "2024-05-01T12:00:00Z")
        #expect(Timestamp.iso8601("2024-05-01T14:00:00.5+02:00")?.rfc3339 == "2024-05-01T12:00:00.500Z")
        #expect(Timestamp.iso8601("2024-05-01 12:00:00")?.rfc3339 == "2024-05-01T12:00:00Z")
        #expect(Timestamp.iso8601("not a date") == nil)
    }

    @Test func parsesUnixValuesGivenAsStringsOrNumbers() throws {
        #expect(try Timestamp.unixSeconds(.string("1714564800"), field: "t")?.rfc3339 == "2024-05-01T12:00:00Z")
        #expect(try Timestamp.unixMilliseconds(.number("1714564800123"), field: "t")?.rfc3339 == "2024-05-01T12:00:00.123Z")
        #expect(try Timestamp.unixSeconds(.number("1.7145648e9"), field: "t")?.rfc3339 == "2024-05-01T12:00:00Z")
        // Absent, null and text that is not a number at all (a documentation placeholder) read as no time.
        #expect(try Timestamp.unixSeconds(nil, field: "t") == nil)
        #expect(try Timestamp.unixSeconds(.null, field: "t") == nil)
        #expect(try Timestamp.unixSeconds(.string("TIMESTAMP"), field: "t") == nil)
        #expect(try Timestamp.unixSeconds(.string("soon"), field: "t") == nil)
    }

    /// The boundary values of the property test in Tests/FixtureReplayTests, and the crash of issue 19.
    static let impossibleUnixTimes: [JSONValue] = [
        .string("9300000000000000"), .number("9300000000000000"), .string("-1"), .number("-1"), .number("9223372036854775807"),
        .number("-9223372036854775808"), .number("1e300"), .number("-1e300"), .string(String(repeating: "9", count: 40)),
        .number("1714564800.5"), .number("253402300800"),
    ]

    @Test("a unix time that is a number but no time is refused naming the field, never a trap", arguments: impossibleUnixTimes)
    func impossibleUnixSecondsAreRefusedNamingTheField(value: JSONValue) {
        #expect(throws: SwitchboardError.self) { try Timestamp.unixSeconds(value, field: "messages[0].timestamp") }
        do {
            _ = try Timestamp.unixSeconds(value, field: "messages[0].timestamp")
        } catch {
            #expect(error.code == "malformed_body")
            #expect(error.message.hasPrefix("messages[0].timestamp: \(value.identifier ?? "")".prefix(50)))
            #expect(error.message.contains("is not a time (unix seconds between 0 and 253402300799)"))
        }
    }

    @Test func theRefusalQuotesTheValueAsWritten() {
        #expect(
            throws: SwitchboardError.malformed(
                "messages[0].timestamp: 9300000000000000 is not a time (unix seconds between 0 and 253402300799)")
        ) {
            try Timestamp.unixSeconds(.string("9300000000000000"), field: "messages[0].timestamp")
        }
        let long = String(repeating: "7", count: 100)
        #expect(
            throws: SwitchboardError.malformed(
                "t: \(String(repeating: "7", count: 64))… is not a time (unix milliseconds between 0 and 253402300799999)")
        ) {
            try Timestamp.unixMilliseconds(.string(long), field: "t")
        }
    }

    @Test func theUnixRangesEndAtTheLastSecondOfYear9999() throws {
        #expect(try Timestamp.unixSeconds(.number("253402300799"), field: "t")?.rfc3339 == "9999-12-31T23:59:59Z")
        #expect(try Timestamp.unixSeconds(.number("0"), field: "t")?.rfc3339 == "1970-01-01T00:00:00Z")
        #expect(try Timestamp.unixMilliseconds(.number("253402300799999"), field: "t")?.rfc3339 == "9999-12-31T23:59:59.999Z")
        #expect(throws: SwitchboardError.self) { try Timestamp.unixMilliseconds(.number("253402300800000"), field: "t") }
        #expect(throws: SwitchboardError.self) { try Timestamp.unixMilliseconds(.number("-1"), field: "t") }
        #expect(Timestamp(unixSeconds: 253_402_300_800) == nil)
        #expect(Timestamp(unixSeconds: -1) == nil)
        #expect(Timestamp(unixMilliseconds: .max) == nil)
    }

    @Test("the initialisers never trap: seconds and dates are clamped to years 0 to 9999, calendar fields out of range are nil")
    func initialisersAreSafeForAnyInput() {
        #expect(Timestamp(seconds: 9_300_000_000_000_000).rfc3339 == "9999-12-31T23:59:59Z")
        #expect(Timestamp(seconds: .max).milliseconds == Timestamp.validMilliseconds.upperBound - 999)
        #expect(Timestamp(seconds: .min).rfc3339 == "0000-01-01T00:00:00Z")
        #expect(Timestamp(seconds: -1).rfc3339 == "1969-12-31T23:59:59Z")
        #expect(Timestamp(Date(timeIntervalSince1970: 1e300)).milliseconds == Timestamp.validMilliseconds.upperBound)
        #expect(Timestamp(Date(timeIntervalSince1970: -1e300)).milliseconds == Timestamp.validMilliseconds.lowerBound)
        #expect(Timestamp(Date(timeIntervalSince1970: .nan)).milliseconds == 0)
        #expect(Timestamp(Date(timeIntervalSince1970: 1_714_564_800.123)).rfc3339 == "2024-05-01T12:00:00.123Z")
        #expect(Timestamp(year: 99_999_999_999, month: 1, day: 1) == nil)
        #expect(Timestamp(year: .max, month: 12, day: 31) == nil)
        #expect(Timestamp(year: .min, month: 1, day: 1) == nil)
        #expect(Timestamp(year: -1, month: 1, day: 1) == nil)
        #expect(Timestamp(year: 10_000, month: 1, day: 1) == nil)
        #expect(Timestamp(year: 2024, month: 5, day: 1, millisecond: .max) == nil)
        #expect(
            Timestamp(year: 9999, month: 12, day: 31, hour: 23, minute: 59, second: 59, millisecond: 999)?.milliseconds
                == Timestamp.validMilliseconds.upperBound)
        #expect(Timestamp(year: 0, month: 1, day: 1)?.milliseconds == Timestamp.validMilliseconds.lowerBound)
        #expect(Timestamp(year: 0, month: 1, day: 1)?.rfc3339 == "0000-01-01T00:00:00Z")
    }

    @Test("rfc3339 prints every Int64 of milliseconds without trapping")
    func rfc3339PrintsTheExtremes() {
        #expect(Timestamp(milliseconds: .max).rfc3339 == "292278994-08-17T07:12:55.807Z")
        #expect(Timestamp(milliseconds: .min).rfc3339 == "-292275055-05-16T16:47:04.192Z")
        #expect(Timestamp(milliseconds: .min, hasMilliseconds: false).rfc3339 == "-292275055-05-16T16:47:04Z")
        #expect(Timestamp(milliseconds: -1).rfc3339 == "1969-12-31T23:59:59.999Z")
        #expect(Timestamp(milliseconds: Timestamp.validMilliseconds.upperBound + 1).rfc3339 == "10000-01-01T00:00:00.000Z")
        #expect(Timestamp(milliseconds: Timestamp.validMilliseconds.lowerBound - 1).rfc3339 == "-0001-12-31T23:59:59.999Z")
    }

    @Test("ISO 8601 fields are bounded by their digits; out-of-range fields, offsets and instants give nil")
    func iso8601RefusesImpossibleFields() {
        #expect(Timestamp.iso8601("2024-13-01T00:00:00Z") == nil)
        #expect(Timestamp.iso8601("2024-05-01T24:00:00Z") == nil)
        #expect(Timestamp.iso8601("2024-05-01T12:00:00+24:00") == nil)
        #expect(Timestamp.iso8601("2024-05-01T12:00:00+23:60") == nil)
        #expect(Timestamp.iso8601("9999-12-31T23:59:59-01:00") == nil)
        #expect(Timestamp.iso8601("0000-01-01T00:00:00+01:00") == nil)
        #expect(Timestamp.iso8601("9999-12-31T23:59:59+01:00")?.rfc3339 == "9999-12-31T22:59:59Z")
        #expect(Timestamp.iso8601("2024-05-01T12:00:00.\(String(repeating: "9", count: 40))Z")?.rfc3339 == "2024-05-01T12:00:00.999Z")
        #expect(Timestamp.iso8601("99999999999-01-01T00:00:00Z") == nil)
    }
}
