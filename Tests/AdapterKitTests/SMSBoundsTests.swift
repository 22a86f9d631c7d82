import AdapterKit
import SwitchboardCore
import Testing

/// Issue 19, in the SMS code the adapters share: concatenation groups are bounded by the UDH's 255
/// parts, SMS timestamps refuse numbers that are no time, and JWT time claims must be numbers.
@Suite struct SMSBoundsTests {
    func part(_ number: Int, of total: Int) -> CanonicalEvent {
        let attributes = JSONObject([
            ("ref", "9"), ("part", .int(number)), ("total", .int(total)), ("text", "x"), ("from", "+447700900123"),
            ("message_id", .string("M\(number)")),
        ])
        return CanonicalEvent(
            kind: .event, channel: .sms, provider: .vonage, account: "+447700900000", contact: Contact(id: "+447700900123"),
            event: EventDetail(type: ConcatenatedSMSAssembler.partType, attributes: attributes), raw: nil)
    }

    @Test func theAssemblerHoldsNoGroupOfMoreThan255Parts() throws {
        var assembler = ConcatenatedSMSAssembler()
        #expect(assembler.add(part(1, of: 256)) == nil)
        #expect(assembler.add(part(1, of: Int.max)) == nil)
        #expect(assembler.add(part(0, of: 2)) == nil)
        #expect(assembler.pendingCount == 0)
        for number in 1..<255 { #expect(assembler.add(part(number, of: 255)) == nil) }
        let last = assembler.add(part(255, of: 255))
        let message = try #require(last)
        #expect(message.content?.text == String(repeating: "x", count: 255))
    }

    @Test func smsTimestampsRefuseNumbersThatAreNoTime() throws {
        #expect(try SMSTimestamp.parse("1714564800", field: "date")?.rfc3339 == "2024-05-01T12:00:00Z")
        #expect(try SMSTimestamp.parse("yesterday", field: "date") == nil)
        #expect(try SMSTimestamp.parse("", field: "date") == nil)
        for value in ["-1", "0", "9223372036854775807", "20241301120000", "99991231235960", "1e300"] {
            #expect(throws: SwitchboardError.self, "\(value)") { try SMSTimestamp.parse(value, field: "date") }
        }
        #expect(
            throws: SwitchboardError.malformed(
                "message-timestamp: 99999999999999 is not a time (ISO 8601, YYYY-MM-DD HH:MM:SS, YYYYMMDDhhmmss or unix seconds, up to year 9999)"
            )
        ) {
            try SMSTimestamp.parse("99999999999999", field: "message-timestamp")
        }
        #expect(SMSTimestamp.parse("99999999999") != nil)  // 11 digits: year 5138, still a time
    }

    @Test func jwtTimeClaimsMustBeNumbers() throws {
        let now = Timestamp(seconds: 1000)
        #expect(throws: JWTVerifier.Failure.self) { try JWTVerifier.checkTime(["nbf": .number("1e300")], now: now) }
        try JWTVerifier.checkTime(["exp": .number("1e300")], now: now)
        #expect(throws: JWTVerifier.Failure.self) { try JWTVerifier.checkTime(["nbf": "soon"], now: now) }
        #expect(throws: JWTVerifier.Failure.self) { try JWTVerifier.checkTime(["exp": .number("-1e300")], now: now) }
        #expect(throws: JWTVerifier.Failure.self) {
            try JWTVerifier.checkTime(["nbf": .number("9223372036854775807")], now: Timestamp(milliseconds: .max))
        }
        try JWTVerifier.checkTime(["exp": .number("1000.5")], now: Timestamp(seconds: 999))
    }
}
