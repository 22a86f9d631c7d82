import AdapterKit
import SwitchboardCore
import Testing

@Suite struct SMSKeywordTests {
    @Test(arguments: [
        ("STOP", SMSKeyword.optOut), ("stop", .optOut), (" Stop\n", .optOut), ("StopAll", .optOut), ("unsubscribe", .optOut),
        ("cancel", .optOut), ("END", .optOut), ("quit", .optOut), ("revoke", .optOut), ("OPTOUT", .optOut),
        ("START", .optIn), ("yes", .optIn), ("Unstop", .optIn), ("HELP", .help), ("\tinfo ", .help),
    ])
    func wholeBodyKeywordsMatchIgnoringCase(body: String, keyword: SMSKeyword) {
        #expect(SMSKeyword.detect(body) == keyword)
    }

    @Test(arguments: ["stop please", "please stop", "STOP.", "st op", "", "   ", "helpful", "Yes please", "opt out"])
    func otherTextIsNotAKeyword(body: String) {
        #expect(SMSKeyword.detect(body) == nil)
    }

    @Test func theKeywordEventSitsBesideTheMessageWithItsOwnID() throws {
        var message = CanonicalEvent(
            kind: .message, channel: .sms, provider: .twilio, account: "+14155550100", contact: Contact(id: "+16175550123"),
            providerMessageID: "SM1", content: .text("Stop "))
        message.assignID(key: "SM1")
        let event = try #require(SMSKeyword.event(beside: message))
        #expect(event.kind == .event)
        #expect(event.event?.type == "opt_out")
        #expect(event.event?.attributes["keyword"] == "STOP")
        #expect(event.id != message.id)
        #expect(event.conversation == message.conversation)
        #expect(SMSKeyword.event(beside: message)?.id == event.id)
        message.content = .text("stop please")
        #expect(SMSKeyword.event(beside: message) == nil)
    }
}
