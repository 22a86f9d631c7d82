import AdapterKit
import Foundation
import SwitchboardCore
import SwitchboardFixtures
import TestSupport
import Testing

@testable import VonageAdapter

@Suite struct VonageAdapterTests {
    func decodeQuery(_ query: String) throws -> [CanonicalEvent] {
        try VonageAdapter().decode(
            InboundRequest(method: "GET", url: "https://example.com/hook?\(query)", body: []), context: DecodeContext())
    }

    @Test(arguments: [
        ("delivered", DeliveryStatus.delivered), ("accepted", .sent), ("buffered", .sent), ("expired", .failed),
        ("failed", .failed), ("rejected", .failed), ("unknown", .queued),
    ])
    func receiptsMapToCanonicalStatuses(vonage: String, canonical: DeliveryStatus) throws {
        let events = try decodeQuery("msisdn=447700900123&to=447700900000&messageId=M1&status=\(vonage)&err-code=0")
        #expect(events.first?.status == canonical)
        #expect(events.first?.account == "+447700900000")
        #expect(events.first?.contact?.id == "+447700900123")
    }

    @Test func concatenatedPartsFromTheWireReassemble() throws {
        let part1 = try FixturePaths.bytes("vonage", "concat-part1-form.form")
        let part2 = try FixturePaths.bytes("vonage", "concat-part2-form.form")
        let decode = { (bytes: [UInt8]) throws -> CanonicalEvent in
            try #require(
                VonageAdapter().decode(
                    InboundRequest(body: bytes, contentType: "application/x-www-form-urlencoded"), context: DecodeContext()
                ).first)
        }
        var assembler = ConcatenatedSMSAssembler()
        let second = try decode(part2)
        #expect(second.event?.type == "message_part")
        #expect(assembler.add(second) == nil)
        #expect(assembler.add(second) == nil)
        let result = assembler.add(try decode(part1))
        let message = try #require(result)
        #expect(message.content?.text == "Hello, this is the first half of a long message that continues in the second part.")
        #expect(message.account == "+447700900000")
        #expect(message.contact?.id == "+447700900123")
        #expect(message.provider == .vonage)
    }

    @Test func throttledSendsRetryAfterThePleaseWaitHint() {
        let body =
            #"{"message-count":"1","messages":[{"status":"1","error-text":"Throughput Rate Exceeded - please wait [ 250 ] and retry"}]}"#
        let outcome = VonageAdapter().interpret(ProviderResponse(status: 200, body: Array(body.utf8)), for: ProviderRequest(url: ""))
        guard case .retry(let after, let failure) = outcome else {
            Issue.record("expected retry, got \(outcome)")
            return
        }
        #expect(after == 0.25)
        #expect(failure.providerCode == "1")
    }

    @Test func unicodeTextIsSentAsUnicodeAndMMSNeedsTheMessagesAPI() throws {
        let connection = ConnectionConfig(provider: .vonage, secrets: ["api_key": "key-123", "api_secret": "secret-456"])
        let unicode = OutboundMessage(channel: .sms, account: "+447700900000", to: "+447700900123", content: .text("Привет"))
        let request = try VonageAdapter().encode(unicode, connection: connection)
        let body = try JSONParser.parse(request.body)
        #expect(body["type"] == "unicode")
        #expect(body["to"] == "447700900123")
        #expect(request.annotations["encoding"] == "UCS-2")
        var messagesConnection = connection
        messagesConnection.options["api"] = "messages"
        let media = OutboundMessage(
            channel: .sms, account: "+447700900000", to: "+447700900123",
            content: MessageContent(type: .media, attachments: [Attachment(kind: .image, url: "https://cdn.example.com/a.jpg")]))
        let mms = try VonageAdapter().encode(media, connection: messagesConnection)
        #expect(mms.url == "https://api.nexmo.com/v1/messages")
        #expect(try JSONParser.parse(mms.body)["channel"] == "mms")
        #expect(mms.redacting(messagesConnection.secretValues).header("Authorization") == "Basic <redacted>")
        #expect(throws: SwitchboardError.self) { try VonageAdapter().encode(media, connection: connection) }
    }
}
