import AdapterKit
import SwitchboardCore
import Testing

@Suite struct SMSConcatenatedAssemblerTests {
    func part(_ number: Int, of total: Int, ref: String = "77", text: String, from: String = "+447700900123") -> CanonicalEvent {
        let attributes = JSONObject([
            ("ref", .string(ref)), ("part", .int(number)), ("total", .int(total)), ("text", .string(text)),
            ("from", .string(from)), ("to", "+447700900000"), ("message_id", .string("MID-\(ref)-\(number)")),
        ])
        var event = CanonicalEvent(
            kind: .event, channel: .sms, provider: .vonage, account: "+447700900000",
            timestamp: Timestamp(seconds: 1_714_564_800 + Int64(number)), contact: Contact(id: from),
            providerMessageID: "MID-\(ref)-\(number)", event: EventDetail(type: "message_part", attributes: attributes),
            raw: ["part": .int(number)])
        event.assignID(key: "MID-\(ref)-\(number)")
        return event
    }

    @Test func reassemblesOutOfOrderIgnoringDuplicates() throws {
        var assembler = ConcatenatedSMSAssembler()
        #expect(assembler.add(part(3, of: 3, text: "three")) == nil)
        #expect(assembler.add(part(1, of: 3, text: "one ")) == nil)
        #expect(assembler.add(part(3, of: 3, text: "THREE AGAIN")) == nil)
        #expect(assembler.add(part(1, of: 3, text: "one ")) == nil)
        #expect(assembler.pendingCount == 1)
        let messageResult = assembler.add(part(2, of: 3, text: "two "))
        let message = try #require(messageResult)
        #expect(message.kind == .message)
        #expect(message.content?.text == "one two three")
        #expect(message.providerMessageID == "MID-77-1")
        #expect(message.contact?.id == "+447700900123")
        #expect(message.timestamp == Timestamp(seconds: 1_714_564_801))
        #expect(message.raw["parts"]?.array?.count == 3)
        #expect(assembler.pendingCount == 0)
    }

    @Test func theMessageIDIsDeterministicWhateverTheArrivalOrder() throws {
        var first = ConcatenatedSMSAssembler()
        _ = first.add(part(1, of: 2, text: "a"))
        let oneResult = first.add(part(2, of: 2, text: "b"))
        let one = try #require(oneResult)
        var second = ConcatenatedSMSAssembler()
        _ = second.add(part(2, of: 2, text: "b"))
        let twoResult = second.add(part(1, of: 2, text: "a"))
        let two = try #require(twoResult)
        #expect(one.id == two.id)
        #expect(one == two)
        var other = ConcatenatedSMSAssembler()
        _ = other.add(part(1, of: 2, ref: "78", text: "a"))
        let threeResult = other.add(part(2, of: 2, ref: "78", text: "b"))
        let three = try #require(threeResult)
        #expect(three.id != one.id)
    }

    @Test func partsFromDifferentSendersOrReferencesDoNotMix() {
        var assembler = ConcatenatedSMSAssembler()
        #expect(assembler.add(part(1, of: 2, text: "mine ")) == nil)
        #expect(assembler.add(part(2, of: 2, text: "theirs", from: "+447700900999")) == nil)
        #expect(assembler.add(part(2, of: 2, ref: "78", text: "other ref")) == nil)
        #expect(assembler.pendingCount == 3)
        #expect(assembler.add(part(2, of: 2, text: "too")) != nil)
        #expect(assembler.pendingCount == 2)
    }

    @Test func aSinglePartMessageCompletesAtOnceAndBadPartsAreIgnored() {
        var assembler = ConcatenatedSMSAssembler()
        #expect(assembler.add(part(1, of: 1, text: "whole"))?.content?.text == "whole")
        #expect(assembler.add(part(3, of: 2, text: "out of range")) == nil)
        #expect(assembler.add(part(0, of: 2, text: "zero")) == nil)
        let notAPart = CanonicalEvent(kind: .message, channel: .sms, provider: .vonage, account: "+1", content: .text("x"))
        #expect(assembler.add(notAPart) == nil)
        #expect(assembler.pendingCount == 0)
    }
}
