import AdapterKit
import SwitchboardCore
import TelegramAdapter
import TestSupport
import Testing

/// Decoding Telegram Updates: the mappings a consumer of canonical events relies on.
@Suite struct TelegramInboundTests {
    let adapter = TelegramAdapter()

    func decode(_ body: String, account: String? = "SupportBot") throws -> [CanonicalEvent] {
        try adapter.decode(
            InboundRequest(body: Array(body.utf8), contentType: "application/json"), context: DecodeContext(account: account))
    }

    func decodeFixture(_ name: String) throws -> [CanonicalEvent] {
        try adapter.decode(
            InboundRequest(body: try FixturePaths.bytes("telegram", name), contentType: "application/json"), context: DecodeContext())
    }

    @Test func photoPicksTheLargestSizeEvenWhenItIsNotLast() throws {
        // nutgram's photo lists 240x320, 720x960, 600x800: the largest is in the middle.
        let event = try #require(try decodeFixture("nutgram-photo.json").first)
        #expect(event.content?.type == .media)
        #expect(event.content?.attachments.count == 1)
        #expect(event.content?.attachments.first?.providerMediaID == "SAAS")
        #expect(event.content?.attachments.first?.kind == .image)
        #expect(event.content?.text == "asdasdasdasdasdasd")
    }

    @Test func animationIsOneVideoAttachmentNotAlsoADocument() throws {
        let event = try #require(try decodeFixture("nutgram-animation.json").first)
        #expect(event.content?.attachments.map(\.kind) == [.video])
        #expect(event.content?.attachments.first?.filename == "lol.mp4")
    }

    @Test func voiceIsAVoiceAttachment() throws {
        let event = try #require(try decodeFixture("nutgram-voice.json").first)
        #expect(event.content?.attachments.first?.kind == .voice)
        #expect(event.content?.attachments.first?.mimeType == "audio/ogg")
    }

    @Test func sixtyFourBitNegativeChatIDsSurviveExactly() throws {
        // Beyond 2^53: a Double would round this id; the contact id must keep every digit.
        let body =
            #"{"update_id":1,"message":{"message_id":7,"chat":{"id":-9007199254740993,"type":"supergroup","title":"Big"},"#
            + #""from":{"id":42,"first_name":"Ann"},"date":1717243200,"text":"hi"}}"#
        let event = try #require(try decode(body).first)
        #expect(event.contact?.id == "-9007199254740993")
        #expect(event.conversation == "telegram:SupportBot:-9007199254740993")
        #expect(event.contact?.name == "Ann")
        #expect(event.providerMessageID == "7")
    }

    @Test func albumPartsShareTheirGroup() throws {
        let first = try #require(try decodeFixture("album-part-1.json").first)
        let second = try #require(try decodeFixture("album-part-2.json").first)
        #expect(first.group == "13721093521934215")
        #expect(first.group == second.group)
        #expect(first.contact?.id == "-1009876543210987")
    }

    @Test func editedMessageIsAnEditOfItsMessageID() throws {
        let event = try #require(try decodeFixture("nutgram-edited_message.json").first)
        #expect(event.kind == .edit)
        #expect(event.target == "23762")
        #expect(event.content == .text("Editing this message"))
        #expect(event.replyTo == "23758")
        #expect(event.timestamp == Timestamp(seconds: 1_584_985_245))  // edit_date, not date
    }

    @Test func callbackQueryIsACallbackReplyWithItsIDAndData() throws {
        let body =
            #"{"update_id":9,"callback_query":{"id":"cb-77","from":{"id":5550001,"first_name":"Ada","username":"ada_l"},"#
            + #""message":{"message_id":40,"chat":{"id":5550001,"type":"private"},"date":1717243200,"text":"Helpful?","#
            + #""reply_markup":{"inline_keyboard":[[{"text":"Yes","callback_data":"csat:yes"},{"text":"No","callback_data":"csat:no"}]]}},"#
            + #""chat_instance":"1","data":"csat:no"}}"#
        let event = try #require(try decode(body).first)
        #expect(event.kind == .message)
        #expect(event.content?.type == .interactiveReply)
        #expect(event.content?.reply == InteractiveReply(kind: .callback, id: "cb-77", title: "No", payload: "csat:no"))
        #expect(event.replyTo == "40")
        #expect(event.contact?.id == "5550001")
    }

    @Test func blockingTheBotInAPrivateChatIsContactBlocked() throws {
        let blocked = try #require(try decodeFixture("my-chat-member-kicked.json").first)
        #expect(blocked.kind == .event)
        #expect(blocked.event?.type == "contact_blocked")
        #expect(blocked.contact?.id == "5550001")
        let unblocked = try #require(try decodeFixture("my-chat-member-unblocked.json").first)
        #expect(unblocked.event?.type == "contact_unblocked")
    }

    @Test func reactionRemovalHasAnEmptyEmoji() throws {
        let removed = try #require(try decodeFixture("message-reaction-removed.json").first)
        #expect(removed.content?.reaction == Reaction(emoji: "", target: "4242"))
        let added = try #require(try decodeFixture("nutgram-message_reaction.json").first)
        #expect(added.content?.reaction == Reaction(emoji: "🤡", target: "123"))
    }

    @Test func deletedBusinessMessagesAreOneDeleteEach() throws {
        let events = try decodeFixture("nutgram-deleted_business_messages.json")
        #expect(events.map(\.kind) == [.delete, .delete])
        #expect(events.map(\.target) == ["123", "321"])
        #expect(Set(events.map(\.id)).count == 2)
    }

    @Test func idsAreDeterministicAndDistinguishChats() throws {
        let body = #"{"update_id":5,"message":{"message_id":1,"chat":{"id":10,"type":"private"},"date":1,"text":"a"}}"#
        let again = try decode(body)
        #expect(try decode(body).map(\.id) == again.map(\.id))
        #expect(again.first?.id.hasPrefix("evt_") == true)
        // The same message_id in another chat is another message.
        let otherChat = body.replacingOccurrences(of: #""id":10"#, with: #""id":11"#)
        #expect(try decode(otherChat).first?.id != again.first?.id)
        // Another bot (account) receiving the same update number is another item too.
        #expect(try decode(body, account: "OtherBot").first?.id != again.first?.id)
    }

    @Test func topicRootIsNotTreatedAsAReply() throws {
        let event = try #require(try decodeFixture("nutgram-message_topic.json").first)
        #expect(event.replyTo == nil)
        #expect(event.contact?.id == "-1001234567489")
    }

    @Test func accountFallsBackToBot() throws {
        let body = #"{"update_id":5,"message":{"message_id":1,"chat":{"id":10,"type":"private"},"date":1,"text":"a"}}"#
        #expect(try decode(body, account: nil).first?.account == "bot")
    }

    @Test func unknownUpdateKindsBecomeAGenericEvent() throws {
        let event = try #require(try decode(#"{"update_id":3,"brand_new_kind":{"id":"x1","flag":true}}"#).first)
        #expect(event.kind == .event)
        #expect(event.event?.type == "telegram_update")
        #expect(event.event?.attributes["update_type"] == "brand_new_kind")
    }

    @Test func brokenBodiesAndNonUpdatesAreRefusedWithTheirCodes() {
        let broken = #expect(throws: SwitchboardError.self) { try decode("{\"update_id\": 1,") }
        #expect(broken?.code == "malformed_body")
        let foreign = #expect(throws: SwitchboardError.self) { try decode(#"{"object":"page","entry":[]}"#) }
        #expect(foreign?.code == "not_for_provider")
        let array = #expect(throws: SwitchboardError.self) { try decode("[1, 2]") }
        #expect(array?.code == "not_for_provider")
    }
}
