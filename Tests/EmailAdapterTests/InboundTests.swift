import AdapterKit
import Foundation
import SwitchboardCore
import TestSupport
import Testing

@testable import EmailAdapter

/// Whole messages through `decode`: what an inbox, a CRM or a bot reads from an email event.
@Suite struct InboundTests {
    let adapter = EmailAdapter()

    func decode(_ name: String, account: String? = nil) throws -> [CanonicalEvent] {
        try adapter.decode(
            InboundRequest(body: FixturePaths.bytes("email", name), contentType: "message/rfc822"), context: DecodeContext(account: account)
        )
    }

    func decode(text: String, account: String? = nil) throws -> [CanonicalEvent] {
        try adapter.decode(InboundRequest(body: Array(text.utf8), contentType: "message/rfc822"), context: DecodeContext(account: account))
    }

    @Test func threadingFieldsLetAReplyLandInItsConversation() throws {
        let event = try #require(try decode("hand-reply-thread.eml").first)
        #expect(event.account == "support@example.com")
        #expect(event.contact?.id == "jane@customer.example")
        #expect(event.contact?.name == "Customer, Jane")
        #expect(event.conversation == "email:support@example.com:jane@customer.example")
        #expect(event.providerMessageID == "reply-0001@customer.example")
        #expect(event.replyTo == "sb.0123456789abcdef0123456789abcdef@example.com")
        #expect(event.email?.inReplyTo == "sb.0123456789abcdef0123456789abcdef@example.com")
        #expect(event.email?.references == ["first@customer.example", "sb.0123456789abcdef0123456789abcdef@example.com"])
        #expect(event.email?.cc == ["boss@customer.example", "rene@customer.example"])
    }

    @Test func multipleInReplyToIdsUseTheFirst() throws {
        let event = try #require(try decode("chatwoot-multiple_in_reply_to.eml").first)
        #expect(event.replyTo == "4e6e35f5a38b4_479f13bb90078171@small-app-01.mail")
    }

    @Test func accountComesFromTheContextElseTheMailbox() throws {
        #expect(try decode("chatwoot-only_text.eml").first?.account == "care@example.com")
        #expect(try decode("chatwoot-only_text.eml", account: "inbox@example.com").first?.account == "inbox@example.com")
        #expect(try decode("chatwoot-bounced_with_no_from.eml").first?.account == "support@example.com")  // Delivered-To
    }

    @Test func sameMessageSameIDAndNoMessageIDHashesTheBytes() throws {
        let first = try decode("chatwoot-only_text.eml")
        #expect(first == (try decode("chatwoot-only_text.eml")))
        let a = try decode(text: "From: a@example.com\r\nTo: b@example.com\r\n\r\none\r\n")
        let b = try decode(text: "From: a@example.com\r\nTo: b@example.com\r\n\r\ntwo\r\n")
        #expect(a[0].id != b[0].id)
        #expect(a[0].providerMessageID == nil)
    }

    @Test(arguments: [
        ("chatwoot-auto_reply_with_auto_submitted.eml", "auto-generated"),
        ("chatwoot-non_utf_encoded_mail.eml", "auto-replied"),
        ("hand-x-autoreply.eml", "x-autoreply"),
        ("hand-precedence-bulk.eml", "precedence:bulk"),
    ])
    func autoReplyFlags(file: String, flag: String) throws {
        #expect(try decode(file).first?.email?.autoSubmitted == flag)
    }

    @Test func ordinaryMailIsNotFlagged() throws {
        let event = try #require(try decode("chatwoot-reply_cc.eml").first)
        #expect(event.email?.autoSubmitted == nil)
        #expect(event.email?.bounce == nil)
        #expect(try decode(text: "From: a@b.c\r\nAuto-Submitted: no\r\n\r\nhi").first?.email?.autoSubmitted == nil)
    }

    @Test func bounceIsFlaggedAndMarksTheOriginalMessageFailed() throws {
        let events = try decode("hand-dsn.eml")
        let bounce = try #require(events.first?.email?.bounce)
        #expect(bounce["action"]?.string == "failed")
        #expect(bounce["status"]?.string == "5.1.1")
        #expect(bounce["recipient"]?.string == "gone@customer.example")
        #expect(bounce["diagnostic"]?.string == "550 5.1.1 <gone@customer.example>: Recipient address rejected: User unknown")
        #expect(bounce["recipients"]?.array?.count == 2)
        // Only the failed recipient yields a status; the delayed one does not.
        let statuses = events.filter { $0.kind == .status }
        #expect(statuses.count == 1)
        #expect(statuses.first?.status == .failed)
        #expect(statuses.first?.providerMessageID == "sb.0123456789abcdef0123456789abcdef@example.com")
        #expect(statuses.first?.conversation == "email:support@example.com:gone@customer.example")
    }

    @Test func gmailBounceWithoutStatusFieldsUsesTheHeaderAndText() throws {
        let bounce = try #require(try decode("chatwoot-bounced_gmail.eml").first?.email?.bounce)
        #expect(bounce["recipient"]?.string == "alex.jones@fictionalcorp.com")
        #expect(bounce["status"]?.string == "5.1.1")
        #expect(bounce["original_message_id"]?.string == "conversation/93775311-9416-4428-964b-862001f8a8b2/messages/27855337@gmail.com")
    }

    @Test func inlineImagesAndAttachmentsAreTold() throws {
        let attachments = try #require(try decode("chatwoot-mail_with_inline_images.eml").first?.content?.attachments)
        #expect(attachments.count == 3)
        #expect(attachments.allSatisfy { $0.inline && $0.kind == .image && $0.contentID != nil && $0.url == nil })
        let files = try #require(try decode("chatwoot-attachments_without_filename.eml").first?.content?.attachments)
        #expect(files.allSatisfy { !$0.inline && $0.filename == nil })
    }

    @Test func htmlOnlyMessageGetsTextFromTheHTML() throws {
        let event = try #require(try decode("chatwoot-only_html.eml").first)
        #expect(event.content?.text == "This is html only mail")
        #expect(event.email?.html?.contains("<h1>") == true)
    }

    @Test func lfOnlyAndCRLFGiveTheSameText() throws {
        let crlf =
            "From: a@b.c\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nsoft=\r\nbreak\r\nnext\r\n"
        let lf = crlf.replacingOccurrences(of: "\r\n", with: "\n")
        #expect(try decode(text: crlf).first?.content?.text == "softbreak\nnext")
        #expect(try decode(text: lf).first?.content?.text == "softbreak\nnext")
    }

    @Test func emptyOrForeignBodiesAreRefused() {
        #expect(throws: SwitchboardError.malformed("the message is empty")) { try decode(text: "\r\n \r\n") }
        #expect { try decode(text: "{\"object\":\"page\"}") } throws: { ($0 as? SwitchboardError)?.code == "not_for_provider" }
    }

    @Test func rawKeepsHeadersNotTheBody() throws {
        let event = try #require(try decode("chatwoot-bounced_with_no_from.eml").first)
        #expect(event.raw["headers"]?["Delivered-To"]?.array?.count == 2)  // repeated names as arrays
        #expect(event.raw["headers"]?["Subject"]?.string == "Undelivered Mail Returned to Sender")
        #expect(event.raw["body_size"]?.int ?? 0 > 0)
        let multi = try #require(try decode("chatwoot-multiple_attachments.eml").first)
        #expect(multi.raw.canonicalText.utf8.count < (try FixturePaths.bytes("email", "chatwoot-multiple_attachments.eml")).count)
    }

    /// Every message in fixtures/ (the corpus, malformed ones included) decodes without a crash.
    @Test func everyFixtureMessageDecodes() throws {
        let folder = FixturePaths.fixtures("email")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".eml") }.sorted()
        #expect(names.count >= 40)
        for name in names where !name.hasPrefix("hand-empty") && !name.hasPrefix("hand-not-email") {
            let events = try decode(name)
            #expect(events.first?.kind == .message, "\(name)")
        }
    }

    @Test func garbageNeverCrashes() {
        var generator = SystemRandomNumberGenerator()
        let seeds = ["Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n", "=?utf-8?B?", "Content-Transfer-Encoding: base64\r\n\r\n"]
        for seed in seeds {
            for _ in 0..<50 {
                let noise = (0..<200).map { _ in UInt8.random(in: 0...255, using: &generator) }
                _ = try? adapter.decode(
                    InboundRequest(body: Array(("From: a@b.c\r\n" + seed).utf8) + noise, contentType: nil), context: DecodeContext())
            }
        }
        // Deep nesting stops at the depth limit instead of overflowing the stack.
        let deep = "From: a@b.c\r\n" + String(repeating: "Content-Type: message/rfc822\r\n\r\n", count: 5000) + "end"
        #expect((try? decode(text: deep))?.isEmpty == false)
    }
}
