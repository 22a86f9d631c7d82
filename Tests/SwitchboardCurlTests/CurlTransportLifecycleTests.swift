import Foundation
import SwitchboardCore
import SwitchboardCurl
import SwitchboardTransport
import TestSupport
import Testing

@Suite("CurlTransport shutdown")
struct CurlTransportLifecycleTests {
    #if os(Linux)
        @Test("the owner thread is named sb-curl where the operating system shows it (top -H, /proc, perf)")
        func ownerThreadName() async throws {
            func curlThreads() -> Set<String> {
                let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
                return Set(
                    tasks.filter { task in
                        let name = try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8)
                        return name?.trimmingCharacters(in: .whitespacesAndNewlines) == "sb-curl"
                    })
            }
            let before = curlThreads()
            let transport = CurlTransport()
            try await eventually("the transport started its libcurl thread") { !curlThreads().subtracting(before).isEmpty }
            await transport.shutdown()
        }
    #endif

    @Test("shutdown lets an in-flight request finish within the grace period")
    func shutdownFinishesInFlight() async throws {
        let server = try LoopbackHTTPServer { _ in .init(status: 200, body: Array("late".utf8), delay: .milliseconds(300)) }
        let transport = CurlTransport()
        async let response = transport.send(ProviderRequest(method: "GET", url: server.url("/")), options: quickOptions)
        try await eventually("the server received the request") { server.requests.count == 1 }
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
        try await eventually("the server received the request") { server.requests.count == 1 }
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

    @Test("cancelling half of 40 concurrent requests (some still waiting for a connection) fails exactly those")
    func cancelManyConcurrent() async throws {
        let server = try LoopbackHTTPServer { request in .init(status: 200, body: Array(request.path.utf8), delay: .milliseconds(500)) }
        try await withTransport(CurlTransport.Configuration(maxConnectionsPerHost: 4)) { transport in
            let tasks = (0..<40).map { index in
                Task { try await transport.send(ProviderRequest(method: "GET", url: server.url("/\(index)")), options: quickOptions) }
            }
            // 4 in flight, 36 waiting for a connection.
            try await eventually("the server received 4 requests") { server.requests.count >= 4 }
            for (index, task) in tasks.enumerated() where index % 2 == 0 { task.cancel() }
            for (index, task) in tasks.enumerated() {
                let result = await task.result
                if index % 2 == 0 {
                    #expect(throws: TransportError.self) { try result.get() }
                } else {
                    #expect(try result.get().body == Array("/\(index)".utf8))
                }
            }
            // The transport still works afterwards.
            let after = try await transport.send(ProviderRequest(method: "GET", url: server.url("/after")), options: quickOptions)
            #expect(after.status == 200)
        }
    }
}
