import Foundation
import SwitchboardCore
import SwitchboardCurl
import SwitchboardTransport
import TestSupport
import Testing

/// Interoperability with independent server implementations (Python's, OpenSSL's certificates).
/// Skipped where python3 or openssl is not installed.
@Suite("CurlTransport against real servers")
struct CurlTransportExternalServerTests {
    static let hasPythonAndOpenSSL = ExternalProcess.isAvailable("python3") && ExternalProcess.isAvailable("openssl")

    static let httpsServerScript = """
        import http.server, ssl, sys
        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def do_GET(self):
                body = b"secure hello"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *args):
                pass
        server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[1], sys.argv[2])
        server.socket = context.wrap_socket(server.socket, server_side=True)
        print("port", server.server_address[1], flush=True)
        server.serve_forever()
        """

    /// A self-signed certificate for 127.0.0.1 and an HTTPS server using it.
    static func startHTTPSServer() async throws -> (server: ExternalProcess, port: Int, certificate: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("curl-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let certificate = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        try ExternalProcess.run([
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", certificate,
        ])
        let server = try ExternalProcess(["python3", "-c", httpsServerScript, certificate, key])
        do {
            try await server.waitForOutput(containing: "\n")  // the HTTPS server prints its port once it listens
        } catch {
            server.terminate()
            throw error
        }
        let port = server.printed.split(whereSeparator: \.isWhitespace).dropFirst().first.flatMap { Int($0) } ?? 0
        return (server, port, certificate)
    }

    @Test("TLS verification is on by default: a self-signed certificate fails with tls", .enabled(if: hasPythonAndOpenSSL))
    func verificationOnByDefault() async throws {
        let (server, port, certificate) = try await Self.startHTTPSServer()
        defer { server.terminate() }
        let request = ProviderRequest(method: "GET", url: "https://127.0.0.1:\(port)/")
        let (refused, trusted, unverified) = try await withTransport { transport in
            let refused = await transportError { try await transport.send(request, options: quickOptions) }
            var insecure = quickOptions
            insecure.verifyTLS = false
            let unverified = try await transport.send(request, options: insecure)
            return (refused, certificate, unverified)
        }
        #expect(refused?.code == "tls")
        #expect(unverified.body == Array("secure hello".utf8))
        let viaBundle = try await withTransport(CurlTransport.Configuration(caBundlePath: trusted)) { transport in
            try await transport.send(request, options: quickOptions)
        }
        #expect(viaBundle.status == 200)
        #expect(viaBundle.body == Array("secure hello".utf8))
    }

    @Test("Python's smtpd accepts the message and un-stuffs it back to the original", .enabled(if: hasPythonSMTPD))
    func pythonSMTPD() async throws {
        let reserved = try LoopbackListener.refusingPort()
        close(reserved.socket)
        let server = try ExternalProcess([
            "python3", "-u", "-W", "ignore", "-m", "smtpd", "-n", "-c", "DebuggingServer", "127.0.0.1:\(reserved.port)",
        ])
        defer { server.terminate() }
        let response = try await withTransport { transport in
            var response: ProviderResponse?
            // The server needs a moment to listen: until it does, connecting fails.
            try await eventually("smtpd on port \(reserved.port) takes the message", pollInterval: .milliseconds(50)) {
                do {
                    response = try await transport.send(CurlTransportSMTPTests.request(port: reserved.port), options: quickOptions)
                    return true
                } catch let error as TransportError where error.code == "connect_failed" {
                    return false
                }
            }
            return try #require(response)
        }
        #expect(response.status == 250)
        try await server.waitForOutput(containing: "END MESSAGE")
        // DebuggingServer prints each received line as a Python bytes literal: b'...'.
        let lines = server.printed.split(separator: "\n").map(String.init)
        #expect(lines.contains("b'Subject: Your ticket'"))
        #expect(lines.contains("b'.hidden line'"))
        #expect(lines.contains("b'.'"))
        #expect(lines.contains("b'Bye'"))
        #expect(!lines.contains { $0.contains("..") })
    }

    static let hasPythonSMTPD: Bool = {
        guard ExternalProcess.isAvailable("python3") else { return false }
        return (try? ExternalProcess.run(["python3", "-W", "ignore", "-c", "import smtpd"])) != nil
    }()
}
