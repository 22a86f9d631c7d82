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

    @Test func parsesUnixValuesGivenAsStringsOrNumbers() {
        #expect(Timestamp.unixSeconds(.string("1714564800"))?.rfc3339 == "2024-05-01T12:00:00Z")
        #expect(Timestamp.unixMilliseconds(.number("1714564800123"))?.rfc3339 == "2024-05-01T12:00:00.123Z")
        #expect(Timestamp.unixSeconds(.string("soon")) == nil)
    }
}
