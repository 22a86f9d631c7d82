import Foundation
import SwitchboardCore
import SwitchboardCurl
import SwitchboardTransport
import TestSupport
import Testing

@Suite("CurlTransport SMTP")
struct CurlTransportSMTPTests {
    /// A message whose body has lines starting with `.`, which SMTP must dot-stuff.
    static let message = Array(
        """
        From: Support <support@example.test>\r
        To: Ann <ann@example.test>\r
        Cc: bob@example.test\r
        Subject: Your ticket\r
        Message-ID: <t-1@example.test>\r
        MIME-Version: 1.0\r
        Content-Type: text/plain; charset=utf-8\r
        \r
        Hello Ann,\r
        .hidden line\r
        .\r
        Bye\r

        """.utf8)

    static func request(port: Int, requireTLS: Bool = false) -> ProviderRequest {
        ProviderRequest(
            url: "smtp://127.0.0.1:\(port)/switchboard.test",
            body: message,
            smtp: SMTPEnvelope(
                mailFrom: "support@example.test", recipients: ["ann@example.test", "bob@example.test", "secret-bcc@example.test"],
                requireTLS: requireTLS))
    }

    @Test("a message to three recipients: MAIL FROM, three RCPT TO, dot-stuffed DATA, 250 as status")
    func sendToThreeRecipients() async throws {
        let server = try FakeSMTPServer()
        let response = try await withTransport { transport in
            try await transport.send(Self.request(port: server.port), options: quickOptions)
        }
        #expect(response.status == 250)
        #expect(String(decoding: response.body, as: UTF8.self) == "250 2.0.0 Ok: queued as FAKE42")
        try await eventually("the SMTP server recorded the session") { server.recorded.count == 1 }
        let session = try #require(server.recorded.first)
        #expect(session.commands.first == "EHLO switchboard.test")
        #expect(session.commands.contains { $0.hasPrefix("MAIL FROM:<support@example.test>") })
        #expect(
            session.commands.filter { $0.hasPrefix("RCPT TO:") }
                == ["RCPT TO:<ann@example.test>", "RCPT TO:<bob@example.test>", "RCPT TO:<secret-bcc@example.test>"])
        #expect(session.dataLines.contains("..hidden line"))
        #expect(session.dataLines.contains(".."))
        #expect(session.dataLines.first == "From: Support <support@example.test>")
        #expect(session.dataLines.last == "Bye")
        #expect(!session.dataLines.contains { $0.contains("secret-bcc") })
    }

    @Test("credentials go out as AUTH PLAIN")
    func authPlain() async throws {
        let server = try FakeSMTPServer(advertiseAuth: true)
        var options = quickOptions
        options.credentials = TransportCredentials(username: "mailer", password: "s3cret")
        let response = try await withTransport { transport in
            try await transport.send(Self.request(port: server.port), options: options)
        }
        #expect(response.status == 250)
        try await eventually("the SMTP server recorded the session") { server.recorded.count == 1 }
        #expect(server.recorded.first?.authPlain == Array("\0mailer\0s3cret".utf8))
    }

    @Test("requireTLS refuses a server that does not offer STARTTLS, before any mail is sent")
    func requireTLSWithoutStartTLS() async throws {
        let server = try FakeSMTPServer()
        let error = try await withTransport { transport in
            await transportError { try await transport.send(Self.request(port: server.port, requireTLS: true), options: quickOptions) }
        }
        #expect(error?.code == "tls")
        try await eventually("the SMTP server recorded the session") { server.recorded.count == 1 }
        #expect(server.recorded.first?.commands.contains { $0.hasPrefix("MAIL") } == false)
    }

    @Test("a refused recipient comes back as the server's reply code, not as a transport error")
    func refusedRecipient() async throws {
        let server = try FakeSMTPServer(rejecting: ["bob@example.test"])
        let response = try await withTransport { transport in
            try await transport.send(Self.request(port: server.port), options: quickOptions)
        }
        #expect(response.status == 550)
        #expect(String(decoding: response.body, as: UTF8.self).hasPrefix("550 5.1.1"))
        try await eventually("the SMTP server recorded the session") { server.recorded.count == 1 }
        #expect(server.recorded.first?.dataLines.isEmpty == true)
    }

    @Test("an SMTP envelope on an http:// URL is refused")
    func envelopeNeedsSMTPURL() async throws {
        var request = Self.request(port: 25)
        request.url = "http://127.0.0.1:25/"
        let error = try await withTransport { transport in
            await transportError { try await transport.send(request, options: quickOptions) }
        }
        #expect(error?.code == "invalid_request")
    }

    @Test("credentials never show in printed options")
    func credentialsRedacted() {
        var options = TransportOptions()
        options.credentials = TransportCredentials(username: "mailer", password: "hunter2")
        #expect(!"\(options)".contains("hunter2"))
        #expect(!String(reflecting: options).contains("hunter2"))
        var dumped = ""
        dump(options, to: &dumped)
        #expect(!dumped.contains("hunter2"))
    }
}
