import SwitchboardCore
import SwitchboardCurl
import SwitchboardTransport
import TestSupport
import Testing

@Suite("CurlTransport shutdown")
struct CurlTransportLifecycleTests {
    @Test("shutdown lets an in-flight request finish within the grace period")
    func shutdownFinishesInFlight() async throws {
        let server = try LoopbackHTTPServer { _ in .init(status: 200, body: Array("late".utf8), delay: .milliseconds(300)) }
        let transport = CurlTransport()
        async let response = transport.send(ProviderRequest(method: "GET", url: server.url("/")), options: quickOptions)
        try await eventually { server.requests.count == 1 }
        await transport.shutdown(gracePeriod: .seconds(10))
        #expect(try await response.body == Array("late".utf8))
    }

    @Test("shutdown fails requests still running after the grace period with cancelled")
    func shutdownFailsAfterGrace() async throws {
        let server = try LoopbackHTTPServer { _ in .init(status: 200, delay: .seconds(30)) }
        let transport = CurlTransport()
        let pending = Task {
            try await transport.send(ProviderRequest(method: "GET", url: server.url("/")), options: TransportOptions(timeout: .seconds(60)))
        }
        try await eventually { server.requests.count == 1 }
        let started = ContinuousClock.now
        await transport.shutdown(gracePeriod: .milliseconds(100))
        #expect(ContinuousClock.now - started < .seconds(3))
        let error = await transportError { try await pending.value }
        #expect(error == TransportError(code: "cancelled", message: "the transport is shut down"))
    }

    @Test("after shutdown, send fails at once with cancelled and shutdown can be called again")
    func sendAfterShutdown() async throws {
        let server = try LoopbackHTTPServer()
        let transport = CurlTransport()
        await transport.shutdown()
        await #expect(throws: TransportError(code: "cancelled", message: "the transport is shut down")) {
            try await transport.send(ProviderRequest(method: "GET", url: server.url("/")), options: quickOptions)
        }
        await transport.shutdown()
        #expect(server.requests.isEmpty)
    }
}
