import SwitchboardCore
import SwitchboardCurl
import SwitchboardTransport
import TestSupport
import Testing

/// What the transport refuses before anything reaches the wire, and what it lets through unchanged.
@Suite("CurlTransport request validation")
struct CurlRequestValidationTests {
    @Test(
        "a header that would break the request line structure is refused with invalid_request, nothing sent",
        arguments: [
            HTTPField(name: "X-A", value: "1\r\nX-B: 2"),
            HTTPField(name: "X-A", value: "1\nX-B: 2"),
            HTTPField(name: "X-A", value: "cut\u{0}here"),
            HTTPField(name: "", value: "1"),
            HTTPField(name: "X A", value: "1"),
            HTTPField(name: "X-A:", value: "1"),
            HTTPField(name: "X\tA", value: "1"),
            HTTPField(name: "X-Ä", value: "1"),
            HTTPField(name: "X-A\r\nX-B", value: "1"),
        ])
    func malformedHeaderRefused(field: HTTPField) async throws {
        let server = try LoopbackHTTPServer()
        let error = try await withTransport { transport in
            await transportError {
                try await transport.send(ProviderRequest(method: "GET", url: server.url("/"), headers: [field]), options: quickOptions)
            }
        }
        #expect(error?.code == "invalid_request")
        #expect(server.requests.isEmpty)
    }

    @Test("token names with punctuation, tabs and non-ASCII text in values, and an upper-case scheme go through as given")
    func unusualButValidRequestSent() async throws {
        let server = try LoopbackHTTPServer()
        let fields = [
            HTTPField(name: "X-Hub.Signature_256", value: "sha256=ab"),
            HTTPField(name: "X-Name", value: "Zoë\tand  Ünal"),
            HTTPField(name: "X~Odd!#$%&'*+^`|", value: "1"),
        ]
        let url = server.url("/upper").replacingOccurrences(of: "http://", with: "HTTP://")
        let response = try await withTransport { transport in
            try await transport.send(ProviderRequest(method: "GET", url: url, headers: fields), options: quickOptions)
        }
        #expect(response.status == 200)
        let received = try #require(server.requests.first)
        #expect(received.path == "/upper")
        for field in fields { #expect(received.header(field.name) == field.value) }
    }

    @Test(
        "a URL of another scheme, or an SMTP scheme without an envelope, is refused",
        arguments: ["ftp://127.0.0.1/", "file:///etc/passwd", "smtp://127.0.0.1/", "httpx://127.0.0.1/", "127.0.0.1:80/"])
    func otherSchemesRefused(url: String) async throws {
        let error = try await withTransport { transport in
            await transportError { try await transport.send(ProviderRequest(method: "GET", url: url), options: quickOptions) }
        }
        #expect(error?.code == "invalid_request")
    }
}
