import AdapterKit
import Foundation
import MetaAdapter
import SwitchboardCore
import TestSupport
import Testing

/// Canonical fields of the cases that are easy to get wrong.
@Suite struct MetaDecodeTests {
    let adapter = MetaAdapter()

    func decode(_ fixture: String) throws -> [CanonicalEvent] {
        let body = try FixturePaths.bytes("meta", fixture)
        return try adapter.decode(InboundRequest(body: body, contentType: "application/json"), context: DecodeContext())
    }

    func decode(text: String) throws(SwitchboardError) -> [CanonicalEvent] {
        try adapter.decode(InboundRequest(body: Array(text.utf8), contentType: "application/json"), context: DecodeContext())
    }

    @Test func aWhatsAppVoiceNoteIsAVoiceAttachment() throws {
        let event = try #require(try decode("whatsapp-pywa-message-voice.json").first)
        #expect(event.content?.type == .media)
        #expect(event.content?.attachments.first?.kind == .voice)
        #expect(event.content?.attachments.first?.providerMediaID == "1234567890987654321")
        // A plain audio file (`voice: false`) stays audio.
        #expect(try decode("whatsapp-pywa-message-audio.json").first?.content?.attachments.first?.kind == .audio)
    }

    @Test func aRemovedReactionHasAnEmptyEmoji() throws {
        for fixture in ["whatsapp-pywa-message-unreaction_empty.json", "whatsapp-pywa-message-unreaction_no_emoji.json"] {
            let reaction = try #require(try decode(fixture).first?.content?.reaction)
            #expect(reaction == Reaction(emoji: "", target: "wamid.yzxyzx="))
        }
        let messenger = try #require(try decode("messenger-restfb-messaging-reaction-2.json").first?.content?.reaction)
        #expect(messenger == Reaction(emoji: "", target: "original_message_id"))
        let stillNamed = try #require(try decode("messenger-edge-unreact-with-emoji.json").first?.content?.reaction)
        #expect(stillNamed.emoji == "")
    }

    @Test func aUsernameUserIsAddressedByBSUID() throws {
        let event = try #require(try decode("whatsapp-edge-bsuid-only-contact.json").first)
        #expect(event.contact == Contact(id: "US.13491208655302741918", name: "Sheena Nelson", username: "realsheenanelson"))
        #expect(event.conversation == "whatsapp:106540352242922:US.13491208655302741918")
        // When the phone number is known it stays the address.
        let withPhone = try #require(try decode("whatsapp-pywa-callback_button-quick_reply_without_context.json").first)
        #expect(withPhone.contact?.id == "972987654321")
    }

    @Test func echoesAreOutboundAndAddressTheRecipient() throws {
        let messenger = try #require(try decode("messenger-restfb-messaging-message-basic-echo.json").first)
        #expect(messenger.direction == .outbound)
        #expect(messenger.echo)
        #expect(messenger.contact?.id == "12345654332")
        #expect(messenger.metadata == "DEVELOPER_DEFINED_METADATA_STRING")
        let instagram = try #require(try decode("instagram-edge-echo.json").first)
        #expect(instagram.direction == .outbound && instagram.echo)
        #expect(instagram.contact?.id == "1234567890123456")
        let whatsapp = try #require(try decode("whatsapp-pywa-outgoing_message-text.json").first)
        #expect(whatsapp.direction == .outbound && whatsapp.echo)
        #expect(whatsapp.contact?.id == "<WHATSAPP_USER_PHONE_NUMBER>")
    }

    @Test func readAndDeliveryWatermarks() throws {
        let read = try #require(try decode("messenger-restfb-messaging-read-basic.json").first)
        #expect(read.kind == .status && read.status == .read)
        #expect(read.watermark == Timestamp(milliseconds: 1_458_668_856_253))
        #expect(read.providerMessageID == nil)
        let deliveries = try decode("messenger-edge-delivery-watermark-only.json")
        #expect(deliveries.map(\.providerMessageID) == [nil, "m_OUT1", "m_OUT2"])
        #expect(deliveries.allSatisfy { $0.status == .delivered && $0.watermark != nil })
        #expect(Set(deliveries.map(\.id)).count == 3)
    }

    @Test func standbyItemsAreMarked() throws {
        let events = try decode("messenger-edge-multi-entry-batch.json")
        #expect(events.map(\.providerMessageID) == ["m_AAA1", "m_AAA2", "m_SB1", "m_BBB1"])
        #expect(events.map { $0.event?.type } == [nil, nil, "standby", nil])
        #expect(events[2].kind == .message)
        #expect(events.map(\.account) == ["1234567890321", "1234567890321", "1234567890321", "9999999999"])
    }

    @Test func anInstagramReplyCommentKeepsItsParent() throws {
        let event = try #require(try decode("instagram-restfb-wh-comments-2021.json").first)
        #expect(event.content?.type == .comment)
        #expect(event.content?.comment == CommentReference(id: "123456789", postID: "76543987", parentID: "987654321"))
        #expect(event.contact == Contact(id: "1234536447", username: "testuser"))
        #expect(event.content?.text == "This is an example.")
        #expect(event.timestamp == Timestamp(seconds: 1_519_399_307))
    }

    @Test func numericIdsAreKeptAsTheirDigits() throws {
        let event = try #require(try decode("messenger-restfb-messaging-message-basic.json").first)
        #expect(event.account == "12345654332")
        #expect(event.contact?.id == "987654321432")
        let whatsapp = try #require(try decode("whatsapp-edge-numeric-ids.json").first)
        #expect(whatsapp.account == "106540352242922" && whatsapp.contact?.id == "16505551234")
    }

    @Test func flowRepliesKeepResponseJSONVerbatimEvenWhenInvalid() throws {
        let reply = try #require(try decode("whatsapp-edge-nfm-reply-invalid-json.json").first?.content?.reply)
        #expect(reply.kind == .flow)
        #expect(reply.payload == #"{"flow_token": "abc", broken"#)
    }

    @Test func valueLevelErrorsBecomeAnErrorEvent() throws {
        let events = try decode("whatsapp-pywa-message-interactive_message_with_err.json")
        #expect(events.count == 2)
        #expect(events[0].content?.unsupportedType == "interactive")
        #expect(events[1].event?.type == "error")
        #expect(
            events[1].errors == [ProviderErrorInfo(code: "131000", title: "Something went wrong", detail: "Unsupported webhook payload")])
    }

    @Test func statusesCarryPricingErrorsAndCallbackData() throws {
        let sent = try #require(try decode("whatsapp-pywa-message_status-with_tracker.json").first)
        #expect(sent.status == .sent && sent.metadata == "some data")
        #expect(sent.pricing == Pricing(category: "service", billable: true, model: "CBP"))
        let failed = try #require(try decode("whatsapp-restfb-msg-status-errors.json").first)
        #expect(failed.status == .failed && failed.errors.first?.code == "131026")
    }

    @Test func decodingTwiceGivesTheSameIdsAndDistinctItemsGetDistinctIds() throws {
        for fixture in [
            "whatsapp-edge-multi-entry-batch.json", "messenger-edge-attachment-types.json", "instagram-edge-comments-batch.json",
            "whatsapp-restfb-group-participants-update.json", "messenger-edge-optin-notification-messages.json",
        ] {
            let first = try decode(fixture).map(\.id)
            let second = try decode(fixture).map(\.id)
            #expect(first == second, "\(fixture)")
            #expect(Set(first).count == first.count, "\(fixture) has colliding ids")
            #expect(first.allSatisfy { $0.hasPrefix("evt_") })
        }
        // sent and delivered of the same wamid are two events.
        let statuses = try decode("whatsapp-edge-multi-entry-batch.json").filter { $0.kind == .status }
        #expect(statuses.count == 2 && statuses[0].id != statuses[1].id)
    }

    @Test func refusesBodiesThatAreNotMetaWebhooks() {
        #expect(throws: SwitchboardError.self) { try decode(text: "not json") }
        do {
            _ = try decode(text: #"{"object":"page","entry":[],}"#)
            Issue.record("accepted invalid JSON")
        } catch {
            #expect(error.code == "malformed_body")
            #expect(error.message.contains("trailing comma"))
        }
        do {
            _ = try decode(text: #"{"object":"telegram","entry":[]}"#)
            Issue.record("accepted a foreign object")
        } catch {
            #expect(error.code == "not_for_provider")
        }
        #expect((try? decode(text: #"{"object":"instagram","entry":[]}"#))?.isEmpty == true)
    }

    @Test func whatsAppCloudInboundIsReusableForOtherProviders() throws {
        let root = try JSONParser.parse(try FixturePaths.bytes("meta", "whatsapp-restfb-msg-text.json"))
        let events = try WhatsAppCloudInbound.decode(root, provider: .dialog360)
        let meta = try decode("whatsapp-restfb-msg-text.json")
        #expect(events.first?.provider == .dialog360)
        #expect(events.first?.content == meta.first?.content)
        #expect(events.first?.id != meta.first?.id)
    }

    /// Every payload copied from public test suites (fixtures/meta/PROVENANCE.md) decodes; only the broken-on-purpose one is refused.
    @Test func everyCorpusFixtureDecodes() throws {
        let folder = FixturePaths.fixtures("meta")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            $0.hasSuffix(".json") && !$0.contains(".expected.") && !$0.contains("-edge-")
        }
        #expect(names.count >= 112)
        let brokenOnPurpose: Set = ["messenger-ker0x-invalid_message.json"]
        for name in names {
            do {
                let events = try decode(name)
                #expect(!brokenOnPurpose.contains(name), "\(name) should be refused")
                #expect(!events.isEmpty, "\(name) produced no events")
                for event in events {
                    #expect(!event.account.isEmpty, "\(name): empty account")
                    #expect(event.raw != .null, "\(name): no raw")
                }
            } catch {
                #expect(brokenOnPurpose.contains(name), "\(name): \(error)")
            }
        }
    }
}
