import Foundation
import SwitchboardCore
import SwitchboardMockProvider
import Testing

@Suite("Mock provider request log")
struct MockProviderRecordingTests {
    @Test("GET /_mock/requests returns method, path, headers, body and arrival time; DELETE clears them")
    func recordedOverHTTP() async throws {
        try await withMock { _, baseURL in
            let client = LoopbackClient()
            _ = try await SendCase.named("whatsapp").send(baseURL: baseURL)
            _ = try await SendCase.named("telegram").send(baseURL: baseURL)
            let listed = try await client.call("GET", baseURL + "/_mock/requests")
            #expect(listed.status == 200)
            let body = try #require(listed.jsonBody)
            #expect(body["count"]?.int == 2)
            let first = try #require(body["requests"]?[0])
            #expect(first["method"]?.string == "POST")
            #expect(first["path"]?.string == "/v21.0/106540352242922/messages")
            #expect(first["provider"]?.string == "whatsapp")
            #expect(first["recipient"]?.string == "15550000001")
            #expect(first["headers"]?["Authorization"]?.string == "Bearer mock-token")
            #expect(first["json"]?["text"]?["body"]?.string == "Your order has shipped")
            #expect(first["body"]?.string?.contains("\"messaging_product\"") == true)
            #expect(first["received_at"]?.string.flatMap(Timestamp.iso8601) != nil)
            #expect(first["status"]?.int == 200)

            let telegramOnly = try await client.call("GET", baseURL + "/_mock/requests?provider=telegram")
            #expect(telegramOnly.jsonBody?["count"]?.int == 1)
            #expect(telegramOnly.jsonBody?["requests"]?[0]?["provider"]?.string == "telegram")

            let cleared = try await client.call("DELETE", baseURL + "/_mock/requests")
            #expect(cleared.jsonBody?["cleared"]?.int == 2)
            let empty = try await client.call("GET", baseURL + "/_mock/requests")
            #expect(empty.jsonBody?["count"]?.int == 0)
        }
    }

    @Test("recorded arrival times are in order and within the test's run")
    func arrivalTimes() async throws {
        try await withMock { mock, baseURL in
            let before = Date()
            for _ in 0..<3 { _ = try await SendCase.named("twilio-sms").send(baseURL: baseURL) }
            let after = Date()
            let recorded = mock.recordedRequests()
            #expect(recorded.map(\.sequence) == recorded.map(\.sequence).sorted())
            #expect(recorded.allSatisfy { $0.receivedAt >= before.addingTimeInterval(-0.001) && $0.receivedAt <= after })
            #expect(recorded.first?.header("content-type") == "application/x-www-form-urlencoded")
        }
    }

    @Test("an unknown path answers 404 and is recorded")
    func unknownPath() async throws {
        try await withMock { mock, baseURL in
            let response = try await LoopbackClient().call("POST", baseURL + "/nope/nothing/here/at/all")
            #expect(response.status == 404)
            #expect(mock.recordedRequests().last?.status == 404)
        }
    }
}
