import AdapterKit
import Foundation
import SwitchboardCore
import Testing

@testable import EmailAdapter

/// Sending: the RFC 5322 message, the SMTP envelope, and what the server's reply means.
@Suite struct OutboundTests {
    let adapter = EmailAdapter()
    let connection = ConnectionConfig(
        provider: .email, account: "support@example.com", secrets: ["username": "user", "password": "hunter2"],
        baseURL: "smtp://smtp.example.com:587", options: ["signature": "The Support Team"])

    func message(_ json: String) throws -> OutboundMessage { try OutboundMessage(json: JSONParser.parse(Array(json.utf8))) }

    func text(_ request: ProviderRequest) -> String { String(decoding: request.body, as: UTF8.self) }

    @Test func bccIsOnlyInTheEnvelope() throws {
        let request = try adapter.encode(
            message(
                #"{"conversation":"email:support@example.com:jane@customer.example","idempotency_key":"k1","email":{"cc":["cc@customer.example"],"bcc":"Audit <audit@example.com>"},"content":{"type":"text","text":"hi"}}"#
            ), connection: connection)
        #expect(request.smtp?.recipients == ["jane@customer.example", "cc@customer.example", "audit@example.com"])
        #expect(request.smtp?.mailFrom == "support@example.com")
        #expect(!text(request).lowercased().contains("audit"))
        #expect(!text(request).contains("Bcc"))
        #expect(request.url == "smtp://smtp.example.com:587")
        #expect(request.smtp?.requireTLS == true)
    }

    @Test func credentialsAreNotInTheRequest() throws {
        let request = try adapter.encode(
            message(#"{"conversation":"email:support@example.com:jane@customer.example","content":{"type":"text","text":"hi"}}"#),
            connection: connection)
        let printed = request.descriptionJSON.canonicalText
        #expect(!printed.contains("hunter2"))
        #expect(!printed.contains("\"user\""))
    }

    @Test func messageIDIsDeterministicPerIdempotencyKey() throws {
        let json =
            #"{"conversation":"email:support@example.com:jane@customer.example","idempotency_key":"KEY","content":{"type":"text","text":"hi"}}"#
        let first = try adapter.encode(message(json), connection: connection)
        let again = try adapter.encode(message(json), connection: connection)
        let other = try adapter.encode(message(json.replacingOccurrences(of: "KEY", with: "KEY2")), connection: connection)
        #expect(first.body == again.body)
        #expect(first.annotations["message_id"] != other.annotations["message_id"])
        #expect(first.annotations["message_id"]?.string?.hasSuffix("@example.com") == true)
    }

    @Test func everyLineIsCRLFAndShort() throws {
        let long = String(repeating: "word ", count: 400) + "\nnext ünïcödé"
        let request = try adapter.encode(
            message(
                #"{"conversation":"email:support@example.com:jane@customer.example","email":{"subject":"\#(String(repeating: "Ä long subject ", count: 12))","html":"<p>\#(long.replacingOccurrences(of: "\n", with: "\\n"))</p>"},"content":{"type":"text","text":"\#(long.replacingOccurrences(of: "\n", with: "\\n"))"}}"#
            ), connection: connection)
        let body = request.body
        for (index, byte) in body.enumerated() where byte == 0x0A { #expect(index > 0 && body[index - 1] == 0x0D) }
        for line in text(request).components(separatedBy: "\r\n") { #expect(line.utf8.count <= 78, "\(line)") }
    }

    /// Encode, then parse our own output: the subject, names, text and HTML come back unchanged.
    @Test func roundTripThroughOurOwnParser() throws {
        let subject = "Grüße aus Köln – Bestellung Nr. 4711 „unterwegs“ ☕ 日本語のテキストも少し"
        let request = try adapter.encode(
            message(
                #"{"conversation":"email:support@example.com:zoe@example.de","reply_to":"orig@example.de","idempotency_key":"rt","email":{"subject":"\#(subject)","cc":["Jörg Schmidt <joerg@example.de>"],"html":"<p>Hallo Zoë</p>"},"content":{"type":"media","text":"Hallo Zoë,\n20 € – danke!","attachments":[{"kind":"document","filename":"Rechnung März.pdf","url":"data:application/pdf;base64,JVBERi0xLjQK"}]}}"#
            ), connection: connection)
        let events = try adapter.decode(
            InboundRequest(body: request.body, contentType: nil), context: DecodeContext(account: "zoe@example.de"))
        let event = try #require(events.first)
        #expect(event.email?.subject == subject)
        #expect(event.content?.text == "Hallo Zoë,\n20 € – danke!\n\n-- \nThe Support Team")
        #expect(event.email?.html?.contains("<p>Hallo Zoë</p>") == true)
        #expect(event.email?.cc == ["joerg@example.de"])
        #expect(event.replyTo == "orig@example.de")
        #expect(event.providerMessageID == request.annotations["message_id"]?.string)
        let attachment = try #require(event.content?.attachments.first)
        #expect(attachment.filename == "Rechnung März.pdf")
        #expect(attachment.size == 9)
        let parsed = MIMEParser.parse(request.body)
        #expect(parsed.headers.all("Cc").first?.contains("=?UTF-8?B?") == true)
    }

    @Test func repliesCarryThreadingHeaders() throws {
        let request = try adapter.encode(
            message(
                #"{"conversation":"email:support@example.com:jane@customer.example","reply_to":"b@x","email":{"references":["a@x"]},"content":{"type":"text","text":"hi"}}"#
            ), connection: connection)
        let headers = MIMEParser.parse(request.body).headers
        #expect(headers["In-Reply-To"] == "<b@x>")
        #expect(HeaderDecoding.messageIDs(headers["References"] ?? "") == ["a@x", "b@x"])
    }

    @Test func dateIsStampedByTheCallerNotTheAdapter() throws {
        let request = try adapter.encode(
            message(#"{"conversation":"email:support@example.com:jane@customer.example","content":{"type":"text","text":"hi"}}"#),
            connection: connection)
        #expect(request.annotations["date"]?.string == "transport")
        #expect(!text(request).contains("Date:"))
        let stamped = SMTPRequest.stampingDate(request, at: Timestamp(seconds: 1_716_554_096))
        #expect(text(stamped).hasPrefix("Date: Fri, 24 May 2024 12:34:56 +0000\r\n"))
        #expect(stamped.annotations["date"] == nil)
        #expect(SMTPRequest.stampingDate(stamped, at: Timestamp(seconds: 0)) == stamped)
    }

    @Test func refusals() throws {
        let cases = [
            #"{"conversation":"email:support@example.com:jane@customer.example","content":{"type":"location","location":{"latitude":1,"longitude":2}}}"#,
            #"{"conversation":"email:support@example.com:jane@customer.example","content":{"type":"media","attachments":[{"kind":"image","provider_media_id":"123"}]}}"#,
            #"{"conversation":"email:support@example.com:not-an-address","content":{"type":"text","text":"hi"}}"#,
            #"{"conversation":"email:support@example.com:jane@customer.example","email":{"bcc":["x@y\r\nBcc: z@w"]},"content":{"type":"text","text":"hi"}}"#,
        ]
        for json in cases {
            #expect(throws: SwitchboardError.self) { try adapter.encode(message(json), connection: connection) }
        }
        var noHost = connection
        noHost.baseURL = nil
        #expect {
            try adapter.encode(message(cases[2].replacingOccurrences(of: "not-an-address", with: "a@b.c")), connection: noHost)
        } throws: {
            ($0 as? SwitchboardError)?.code == "invalid_connection"
        }
    }

    @Test(arguments: [
        (250, "250 2.0.0 Ok: queued", "sent"),
        (421, "421 4.7.0 Try later", "retry"),
        (0, "", "retry"),
        (550, "550 5.1.1 no such user", "failed"),
        (551, "551 User not local", "failed"),
        (553, "553 mailbox name not allowed", "failed"),
        (552, "552 5.3.4 Message too big", "failed"),
        (535, "535 5.7.8 Authentication credentials invalid", "reauthorize"),
    ])
    func smtpReplies(code: Int, text: String, outcome: String) {
        #expect(
            adapter.interpret(ProviderResponse(status: code, body: Array(text.utf8)), for: ProviderRequest(url: "smtps://h:465")).name
                == outcome)
    }

    @Test func failureCategories() {
        func category(_ code: Int, _ text: String = "") -> DeliveryFailure.Category? {
            switch adapter.interpret(ProviderResponse(status: code, body: Array(text.utf8)), for: ProviderRequest(url: "")) {
            case .failed(let failure), .reauthorize(let failure), .retry(_, let failure), .windowClosed(let failure): failure.category
            case .sent: nil
            }
        }
        #expect(category(550) == .contactUnreachable)
        #expect(category(551) == .contactUnreachable)
        #expect(category(553) == .contactUnreachable)
        #expect(category(552) == .invalidRequest)
        #expect(category(535) == .authorization)
    }

    @Test func sentReportsOurMessageID() throws {
        let request = try adapter.encode(
            message(
                #"{"conversation":"email:support@example.com:jane@customer.example","idempotency_key":"x","content":{"type":"text","text":"hi"}}"#
            ),
            connection: connection)
        let outcome = adapter.interpret(ProviderResponse(status: 250), for: request)
        #expect(outcome == .sent(providerMessageID: request.annotations["message_id"]?.string))
        var bare = request
        bare.annotations = JSONObjectEmpty.value
        #expect(adapter.interpret(ProviderResponse(status: 250), for: bare) == outcome)  // read back from the body
    }
}

enum JSONObjectEmpty {
    static let value = JSONObject()
}
