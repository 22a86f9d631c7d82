import Foundation
import SwitchboardCore
import SwitchboardMockProvider
import SwitchboardTransport
import Testing

@Suite("Mock provider faults")
struct MockProviderFaultTests {
    @Test("a 30% 5xx rate fails about 30% of requests, the same ones for the same seed")
    func serverErrorRate() async throws {
        let plan = try MockFaultPlan(spec: "5xx=0.3,seed=42")
        try await withMock(plan) { mock, baseURL in
            let sendCase = SendCase.named("whatsapp")
            var firstRun: [Int] = []
            for _ in 0..<200 { firstRun.append(try await sendCase.send(baseURL: baseURL).0.status) }
            let failures = firstRun.filter { $0 == 500 }.count
            #expect((40...80).contains(failures), "\(failures) failures out of 200")
            #expect(Set(firstRun) == [200, 500])

            mock.setFaults(plan)  // restarts the draws
            var secondRun: [Int] = []
            for _ in 0..<200 { secondRun.append(try await sendCase.send(baseURL: baseURL).0.status) }
            #expect(secondRun == firstRun)
        }
    }

    @Test("a 5xx answer is in the provider's shape and the adapter retries it")
    func serverErrorShape() async throws {
        try await withMock(try MockFaultPlan(spec: "5xx=1,5xx-status=503")) { _, baseURL in
            let (response, outcome) = try await SendCase.named("whatsapp").send(baseURL: baseURL)
            #expect(response.status == 503)
            #expect(response.jsonBody?["error"]?["code"]?.int == 131000)
            guard case .retry = outcome else {
                Issue.record("expected retry, got \(outcome)")
                return
            }
        }
    }

    @Test("429 carries Retry-After, and Telegram's parameters.retry_after")
    func rateLimited() async throws {
        try await withMock(try MockFaultPlan(spec: "429=1,retry-after=7")) { _, baseURL in
            for name in ["whatsapp", "telegram", "twilio-sms", "vonage-messages", "messagebird-sms"] {
                let (response, outcome) = try await SendCase.named(name).send(baseURL: baseURL)
                #expect(response.status == 429, "\(name)")
                #expect(response.header("Retry-After") == "7", "\(name)")
                if case .retry(let after, _) = outcome {
                    #expect(after == 7, "\(name)")
                } else {
                    Issue.record("\(name): expected retry, got \(outcome)")
                }
            }
            let (telegram, _) = try await SendCase.named("telegram").send(baseURL: baseURL)
            #expect(telegram.jsonBody?["parameters"]?["retry_after"]?.int == 7)
            #expect(telegram.jsonBody?["description"]?.string == "Too Many Requests: retry after 7")
        }
    }

    @Test("an error code injected for one recipient fails only that recipient")
    func perRecipientErrorCode() async throws {
        let plan = try MockFaultPlan(spec: "error=131026@+15550000013,error=twilio:21610@+15550000013")
        try await withMock(plan) { _, baseURL in
            let whatsapp = SendCase.named("whatsapp")
            let (failed, failedOutcome) = try await whatsapp.send(baseURL: baseURL, to: "15550000013")
            #expect(failed.status == 400)
            #expect(failed.jsonBody?["error"]?["code"]?.int == 131026)
            #expect(failed.jsonBody?["error"]?["error_data"]?["details"]?.string != nil)
            guard case .failed(let failure) = failedOutcome else {
                Issue.record("expected failed, got \(failedOutcome)")
                return
            }
            #expect(failure.providerCode == "131026")
            let (other, otherOutcome) = try await whatsapp.send(baseURL: baseURL, to: "15550000014")
            #expect(other.status == 200)
            guard case .sent = otherOutcome else {
                Issue.record("expected sent, got \(otherOutcome)")
                return
            }
            let (twilio, _) = try await SendCase.named("twilio-sms").send(baseURL: baseURL, to: "+15550000013")
            #expect(twilio.status == 400)
            #expect(twilio.jsonBody?["code"]?.int == 21610)
        }
    }

    @Test("provider error codes by rate: 131047 window closed, Telegram 403 blocked, Vonage status 1")
    func errorCodesByRate() async throws {
        let plan = try MockFaultPlan(spec: "error=131047@1,error=telegram:403@1,error=vonage:1@1")
        try await withMock(plan) { _, baseURL in
            let (_, whatsapp) = try await SendCase.named("whatsapp").send(baseURL: baseURL)
            guard case .windowClosed = whatsapp else {
                Issue.record("expected window_closed, got \(whatsapp)")
                return
            }
            let (telegram, _) = try await SendCase.named("telegram").send(baseURL: baseURL)
            #expect(telegram.status == 403)
            #expect(telegram.jsonBody?["description"]?.string == "Forbidden: bot was blocked by the user")
            let (vonage, vonageOutcome) = try await SendCase.named("vonage-sms").send(baseURL: baseURL)
            #expect(vonage.status == 200)
            #expect(vonage.jsonBody?["messages"]?[0]?["status"]?.string == "1")
            guard case .retry = vonageOutcome else {
                Issue.record("expected retry, got \(vonageOutcome)")
                return
            }
        }
    }

    @Test("a slow response is delayed by the configured time")
    func slowResponse() async throws {
        try await withMock(try MockFaultPlan(spec: "delay=300ms")) { _, baseURL in
            let clock = ContinuousClock()
            let start = clock.now
            let (response, _) = try await SendCase.named("messagebird-sms").send(baseURL: baseURL)
            let elapsed = clock.now - start
            #expect(response.status == 201)
            #expect(elapsed >= .milliseconds(300), "\(elapsed)")
            // Delayed, not held: far below 10 s even on a loaded machine.
            #expect(elapsed < .seconds(10), "\(elapsed)")
        }
    }

    @Test("a timeout holds the request past the client's timeout, and shutdown still returns promptly")
    func timeout() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        try await withMock(try MockFaultPlan(spec: "timeout=1,hold=30s")) { mock, baseURL in
            do {
                let (response, _) = try await SendCase.named("telegram").send(baseURL: baseURL, timeout: .milliseconds(500))
                Issue.record("expected a timeout, got \(response.status)")
            } catch let error as TransportError {
                #expect(error.code == "timeout", "\(error)")
            }
            // The mock records the request when it starts holding it; on a loaded machine that can
            // trail the client's 500 ms timeout, so wait for it (bounded).
            var recordedFault = mock.recordedRequests().last?.fault
            let deadline = clock.now + .seconds(5)
            while recordedFault == nil, clock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
                recordedFault = mock.recordedRequests().last?.fault
            }
            #expect(recordedFault == "timeout")
        }
        #expect(clock.now - start < .seconds(15))
    }

    @Test("faults change at run time through POST /_mock/faults, JSON or spec text")
    func runtimeFaults() async throws {
        try await withMock { _, baseURL in
            let client = LoopbackClient()
            let sendCase = SendCase.named("vonage-messages")
            #expect(try await sendCase.send(baseURL: baseURL).0.status == 202)

            let set = try await client.call(
                "POST", baseURL + "/_mock/faults", headers: [("Content-Type", "application/json")],
                body: #"{"server_error_rate": 1, "server_error_status": 502}"#)
            #expect(set.status == 200)
            #expect(set.jsonBody?["server_error_rate"]?.double == 1)
            #expect(try await sendCase.send(baseURL: baseURL).0.status == 502)

            let text = try await client.call("POST", baseURL + "/_mock/faults", body: "429=1,retry-after=3")
            #expect(text.status == 200)
            #expect(try await sendCase.send(baseURL: baseURL).0.header("Retry-After") == "3")

            let bad = try await client.call("POST", baseURL + "/_mock/faults", body: "5xx=2")
            #expect(bad.status == 400)
            #expect(bad.jsonBody?["error"]?["code"]?.string == "invalid_fault_spec")

            #expect(try await client.call("DELETE", baseURL + "/_mock/faults").status == 200)
            #expect(try await sendCase.send(baseURL: baseURL).0.status == 202)
        }
    }
}
