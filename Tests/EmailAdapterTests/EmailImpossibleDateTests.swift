import AdapterKit
import SwitchboardCore
import Testing

@testable import EmailAdapter

/// Issue 19: a `Date:` with year 99999999999 trapped the process (the days since the epoch, times
/// 86 400 000, overflowed). The sender's clock is not a reason to lose the mail: the message is kept
/// without a timestamp and the repair is listed in `raw.defects`, like every other defect the parser repairs.
@Suite struct EmailImpossibleDateTests {
    static func message(date: String) -> String {
        "From: Jane <jane@customer.example>\r\nTo: support@example.com\r\nSubject: Hi\r\nMessage-ID: <m1@customer.example>\r\nDate: \(date)\r\n\r\nHello\r\n"
    }

    @Test(
        "an impossible Date leaves the message without a timestamp, with a defect naming the header",
        arguments: [
            "Mon, 1 Jan 99999999999 00:00:00 +0000", "1 Jan 9223372036854775807 00:00:00 +0000",
            "1 Jan -9223372036854775808 00:00:00 +0000",
            "Fri, 31 Dec 9999 23:59:59 -2359", "Fri, 1 Jan 2024 00:00:00 +9999", "1 Jan 10000 00:00:00 GMT",
        ])
    func impossibleDates(date: String) throws {
        let events = try EmailAdapter().decode(
            InboundRequest(body: Array(Self.message(date: date).utf8), contentType: "message/rfc822"), context: DecodeContext())
        let event = try #require(events.first)
        #expect(event.timestamp == nil)
        #expect(event.content?.text == "Hello")
        let defects = event.raw["defects"]?.array?.compactMap(\.string) ?? []
        #expect(defects.contains { $0.hasPrefix("unreadable Date \"") && $0.hasSuffix("(RFC 5322, years 0 to 9999): no timestamp") })
        #expect(JSONValue.object(try JSONParser.parse(event.jsonLine).object ?? JSONObject()) != .null)
    }

    @Test func theDateParserBoundsEveryNumber() {
        #expect(EmailDate.parse("Mon, 1 Jan 99999999999 00:00:00 +0000") == nil)
        #expect(EmailDate.parse("Fri, 31 Dec 9999 23:59:59 +0000")?.rfc3339 == "9999-12-31T23:59:59Z")
        #expect(EmailDate.parse("Fri, 31 Dec 9999 23:59:59 -0100") == nil)
        #expect(EmailDate.parse("Thu, 03 Jul 2025 15:44:25 -0700 (PDT)")?.rfc3339 == "2025-07-03T22:44:25Z")
        #expect(EmailDate.parse("\(String(repeating: "9", count: 40)) Jan 2024 00:00 GMT") == nil)
        #expect(EmailDate.parse("Mon, 1 Jan 2024 \(String(repeating: "9", count: 40)):00 GMT") == nil)
        // Formatting (the outbound `Date:` stamp) holds any instant to years 0 to 9999.
        #expect(EmailDate.format(Timestamp(milliseconds: .max)) == "Fri, 31 Dec 9999 23:59:59 +0000")
        #expect(EmailDate.format(Timestamp(milliseconds: .min)).hasSuffix("Jan 0000 00:00:00 +0000"))
    }

    @Test func aReadableDateAddsNoDefect() throws {
        let events = try EmailAdapter().decode(
            InboundRequest(body: Array(Self.message(date: "Wed, 1 May 2024 12:00:00 +0000").utf8), contentType: "message/rfc822"),
            context: DecodeContext())
        #expect(events.first?.timestamp?.rfc3339 == "2024-05-01T12:00:00Z")
        #expect(events.first?.raw["defects"] == nil)
    }
}
