import AdapterKit
import Foundation
import SwitchboardCore
import Testing

@testable import TwilioAdapter

@Suite struct TwilioAdapterTests {
    func decode(_ form: String) throws -> [CanonicalEvent] {
        try TwilioAdapter().decode(
            InboundRequest(body: Array(form.utf8), contentType: "application/x-www-form-urlencoded"), context: DecodeContext())
    }

    @Test(arguments: [
        ("queued", DeliveryStatus.queued), ("accepted", .queued), ("sending", .queued), ("sent", .sent), ("delivered", .delivered),
        ("read", .read), ("undelivered", .failed), ("failed", .failed), ("canceled", .failed),
    ])
    func statusCallbacksMapToCanonicalStatuses(twilio: String, canonical: DeliveryStatus) throws {
        let events = try decode("MessageSid=SM1&MessageStatus=\(twilio)&SmsStatus=\(twilio)&From=%2B14155550100&To=%2B16175550123")
        #expect(events.count == 1)
        #expect(events[0].status == canonical)
        #expect(events[0].account == "+14155550100")
        #expect(events[0].contact?.id == "+16175550123")
    }

    @Test func aStopMessageYieldsTheMessageAndAnOptOutEvent() throws {
        let events = try decode("MessageSid=SM2&SmsStatus=received&Body=stop&From=%2B16175550123&To=%2B14155550100&NumMedia=0")
        #expect(events.map(\.kind) == [.message, .event])
        #expect(events[1].event?.type == "opt_out")
        #expect(Set(events.map(\.id)).count == 2)
        let whatsapp = try decode("MessageSid=SM3&Body=STOP&From=whatsapp%3A%2B5511987654321&To=whatsapp%3A%2B14155238886")
        #expect(whatsapp.count == 1)
        #expect(whatsapp[0].channel == .whatsapp)
    }

    @Test func sameBodyGivesSameIDs() throws {
        let form = "MessageSid=SM4&Body=hi&From=%2B16175550123&To=%2B14155550100"
        #expect(try decode(form).map(\.id) == decode(form).map(\.id))
        #expect(try decode(form)[0].id != decode(form.replacingOccurrences(of: "SM4", with: "SM5"))[0].id)
    }

    @Test func encodeUsesBasicAuthAndTheMessagingService() throws {
        let connection = ConnectionConfig(
            provider: .twilio, account: "+14155550100", secrets: ["account_sid": "AC1", "auth_token": "tok"],
            options: ["messaging_service_sid": "MG1"])
        let message = OutboundMessage(channel: .sms, account: "+14155550100", to: "+16175550123", content: .text("hi"))
        let request = try TwilioAdapter().encode(message, connection: connection)
        #expect(request.url == "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json")
        #expect(request.header("Authorization") == "Basic " + Base64.encode(Array("AC1:tok".utf8)))
        let form = FormBody.parse(request.body)
        #expect(form["MessagingServiceSid"] == "MG1")
        #expect(form["From"] == nil)
        #expect(form["Body"] == "hi")
        #expect(request.annotations["segments"] == 1)
        let redacted = request.redacting(connection.secretValues)
        #expect(redacted.header("Authorization") == "Basic <redacted>")
    }

    @Test func retryAfterIsHonoured() {
        let response = ProviderResponse(
            status: 429, headers: [HTTPField(name: "Retry-After", value: "7")],
            body: Array(#"{"code":20429,"message":"Too Many Requests"}"#.utf8))
        let outcome = TwilioAdapter().interpret(response, for: ProviderRequest(url: ""))
        #expect(outcome.name == "retry")
        if case .retry(let after, let failure) = outcome {
            #expect(after == 7)
            #expect(failure.category == .rateLimited)
        }
        let opted = ProviderResponse(status: 400, body: Array(#"{"code":21610,"message":"unsubscribed"}"#.utf8))
        #expect(
            TwilioAdapter().interpret(opted, for: ProviderRequest(url: ""))
                == .failed(
                    DeliveryFailure(category: .optedOut, providerCode: "21610", message: "unsubscribed")))
    }

    @Test func acknowledgesWithEmptyTwiML() {
        let reply = TwilioAdapter().acknowledgement(for: InboundRequest(body: []))
        #expect(reply.contentType == "text/xml")
        #expect(reply.body.contains("<Response/>"))
    }
}
