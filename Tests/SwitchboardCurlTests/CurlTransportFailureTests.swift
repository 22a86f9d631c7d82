import Foundation
import SwitchboardCore
import SwitchboardCurl
import SwitchboardTransport
import TestSupport
import Testing

@Suite("CurlTransport failures and limits")
struct CurlTransportFailureTests {
    @Test("a server slower than the timeout fails with code timeout, on time")
    func timeout() async throws {
        let server = try LoopbackHTTPServer { _ in .init(status: 200, delay: .seconds(10)) }
        let started = ContinuousClock.now
        let error = try await withTransport { transport in
            await transportError {
                try await transport.send(
                    ProviderRequest(method: "GET", url: server.url("/slow")), options: TransportOptions(timeout: .milliseconds(300)))
            }
        }
        #expect(error?.code == "timeout")
        // Well before the server's 10 s answer, with room for a loaded CI machine.
        #expect(ContinuousClock.now - started < .seconds(9))
    }

    @Test("a refused connection fails with code connect_failed")
    func connectionRefused() async throws {
        let reserved = try LoopbackListener.refusingPort()
        defer { close(reserved.socket) }
        let error = try await withTransport { transport in
            await transportError {
                try await transport.send(ProviderRequest(method: "GET", url: "http://127.0.0.1:\(reserved.port)/"), options: quickOptions)
            }
        }
        #expect(error?.code == "connect_failed")
    }

    @Test("a response over the size limit fails with response_too_large", arguments: [false, true])
    func oversizedResponse(chunked: Bool) async throws {
        let server = try LoopbackHTTPServer { _ in .init(status: 200, body: [UInt8](repeating: 0x41, count: 300_000), chunked: chunked) }
        var options = quickOptions
        options.maxResponseBytes = 100_000
        let error = try await withTransport { transport in
            await transportError { try await transport.send(ProviderRequest(method: "GET", url: server.url("/big")), options: options) }
        }
        #expect(error?.code == "response_too_large")
    }

    @Test("a response exactly at the size limit arrives whole", arguments: [false, true])
    func responseAtLimit(chunked: Bool) async throws {
        let server = try LoopbackHTTPServer { _ in .init(status: 200, body: [UInt8](repeating: 0x42, count: 100_000), chunked: chunked) }
        var options = quickOptions
        options.maxResponseBytes = 100_000
        let response = try await withTransport { transport in
            try await transport.send(ProviderRequest(method: "GET", url: server.url("/exact")), options: options)
        }
        #expect(response.body.count == 100_000)
    }

    @Test("redirects are returned as-is unless following is asked for")
    func redirects() async throws {
        let server = try LoopbackHTTPServer { request in
            switch request.path {
            case "/media/1": .init(status: 302, headers: [HTTPField(name: "Location", value: "/cdn/1")])
            case "/cdn/1": .text("image bytes")
            default: .init(status: 404)
            }
        }
        var following = quickOptions
        following.followRedirects = true
        let (unfollowed, followed) = try await withTransport { transport in
            let request = ProviderRequest(method: "GET", url: server.url("/media/1"))
            return (try await transport.send(request, options: quickOptions), try await transport.send(request, options: following))
        }
        #expect(unfollowed.status == 302)
        #expect(unfollowed.header("Location") == "/cdn/1")
        #expect(followed.status == 200)
        #expect(followed.body == Array("image bytes".utf8))
        #expect(followed.header("Location") == nil)
        #expect(server.requests.map(\.path) == ["/media/1", "/media/1", "/cdn/1"])
    }

    @Test("cancelling the task aborts a slow request promptly and closes its connection")
    func cancellation() async throws {
        let server = try LoopbackHTTPServer { _ in .init(status: 200, delay: .seconds(30)) }
        try await withTransport { transport in
            let request = Task {
                try await transport.send(
                    ProviderRequest(method: "GET", url: server.url("/slow")), options: TransportOptions(timeout: .seconds(60)))
            }
            #expect(await server.waitForRequests(1).count == 1)
            let cancelledAt = ContinuousClock.now
            request.cancel()
            let result = await request.result
            #expect(ContinuousClock.now - cancelledAt < .seconds(2))
            #expect(throws: TransportError(code: "cancelled", message: "the request was cancelled")) { try result.get() }
            try await eventually("the server saw the client hang up during its delay") { server.hangUpsDuringDelay == 1 }
        }
    }

    @Test("a task cancelled before sending never reaches the server")
    func cancelledBeforeSend() async throws {
        let server = try LoopbackHTTPServer()
        try await withTransport { transport in
            let request = Task {
                while !Task.isCancelled { await Task.yield() }
                return try await transport.send(ProviderRequest(method: "GET", url: server.url("/")), options: quickOptions)
            }
            request.cancel()
            let result = await request.result
            #expect(throws: TransportError.self) { try result.get() }
            #expect(server.requests.isEmpty)
        }
    }

    @Test("a TLS handshake with a server that does not speak TLS fails with code tls")
    func tlsHandshakeFailure() async throws {
        let server = try LoopbackListener { connection in
            connection.write("220 this is not TLS\r\n\r\n")
            _ = connection.waitForHangUp(upTo: .seconds(10))
        }
        defer { server.stop() }
        let error = try await withTransport { transport in
            await transportError {
                try await transport.send(ProviderRequest(method: "GET", url: "https://127.0.0.1:\(server.port)/"), options: quickOptions)
            }
        }
        #expect(error?.code == "tls")
    }
}
