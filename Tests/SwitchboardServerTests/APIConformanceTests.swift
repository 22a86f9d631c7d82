import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SwitchboardCore
import TestSupport
import Testing

/// What schemathesis checks in CI (scripts/conformance.sh), each on its own over real HTTP on loopback against the
/// embedded demo gateway (mock provider in process): 405 with Allow, 415, the idempotency key's bounds, the text
/// length rule, list items with their history, one shape for every 422, the listing cursor.
@Suite("Agent API conformance: what the OpenAPI document promises, over loopback")
struct APIConformanceTests {
    static func json(_ buffer: ByteBuffer) -> JSONValue { (try? JSONParser.parse(Array(buffer.readableBytesView))) ?? .null }

    /// `method path` with the demo key and `headers`: status, headers and JSON.
    static func call(
        _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, body: [UInt8]? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> (HTTPResponse.Status, HTTPFields, JSONValue) {
        var headers = DemoGateway.headers()
        for field in extra { headers[field.name] = field.value }
        return try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(bytes: $0) }) {
            ($0.status, $0.headers, json($0.body))
        }
    }

    /// The problem JSON every error shares: a machine code, a sentence and (always for a 422) the remedy.
    static func expectProblem(_ body: JSONValue, code: String, remedy: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(body["code"]?.string == code, "\(body.canonicalText)", sourceLocation: sourceLocation)
        #expect(body["message"]?.string?.isEmpty == false, sourceLocation: sourceLocation)
        if remedy { #expect(body["remedy"]?.string?.isEmpty == false, "\(body.canonicalText)", sourceLocation: sourceLocation) }
    }

    @Test("an undeclared method on a known path is 405 with Allow (TRACE included); an unknown path stays 404")
    func methodNotAllowed() async throws {
        let demo = try DemoGateway()
        try await demo.gateway.application.test(.live) { client in
            for (method, path, allow) in [
                (HTTPRequest.Method.trace, "/v1/audit", "GET"), (.trace, "/v1/messages/check", "POST"),
                (.get, "/v1/messages/check", "POST"),
                (.delete, "/v1/messages/msg_000000000000000000000000", "GET"), (.put, "/v1/messages", "GET, POST"),
                (.patch, "/v1/conversations/sms:%2B15005550006:%2B15551234567/block", "DELETE, PUT"), (.trace, "/healthz", "GET"),
            ] {
                let (status, headers, body) = try await Self.call(client, method, path)
                #expect(status == .methodNotAllowed, "\(method) \(path)")
                #expect(headers[.allow] == allow, "\(method) \(path)")
                Self.expectProblem(body, code: "method_not_allowed")
            }
            #expect(try await Self.call(client, .trace, "/v1/nothing-here").0 == .notFound)
            #expect(try await Self.call(client, .get, "/v1/messages/msg_000000000000000000000000").0 == .notFound)
        }
    }

    @Test("a JSON body sent as another media type is 415 before anything is read; charset parameters and no Content-Type pass")
    func unsupportedMediaType() async throws {
        let demo = try DemoGateway()
        try await demo.gateway.application.test(.live) { client in
            for type in ["text/plain", "application/x-www-form-urlencoded", "application/jsonx"] {
                let (status, _, body) = try await Self.call(
                    client, .post, "/v1/messages/check", body: DemoGateway.sms("hi"), headers: [.contentType: type])
                #expect(status == .unsupportedMediaType, "\(type)")
                Self.expectProblem(body, code: "unsupported_media_type")
            }
            let (csv, _, _) = try await Self.call(
                client, .put, "/v1/conversations/sms:%2B15005550006:%2B15551234567/consent", body: Array(#"{"source":"web"}"#.utf8),
                headers: [.contentType: "text/csv"])
            #expect(csv == .unsupportedMediaType)
            let (charset, _, _) = try await Self.call(
                client, .post, "/v1/messages/check", body: DemoGateway.sms("hi"), headers: [.contentType: "Application/JSON; charset=utf-8"]
            )
            #expect(charset == .ok)
            var bare = DemoGateway.headers()
            bare[.contentType] = nil
            let none = try await client.execute(
                uri: "/v1/messages/check", method: .post, headers: bare, body: ByteBuffer(bytes: DemoGateway.sms("hi"))
            ) { $0.status }
            #expect(none == .ok)
        }
    }

    @Test("an Idempotency-Key over 255 bytes or with control characters is 400 invalid_idempotency_key; 255 bytes are accepted")
    func idempotencyKeyBounds() async throws {
        let demo = try DemoGateway()
        let key = HTTPField.Name("Idempotency-Key")!
        try await demo.gateway.application.test(.live) { client in
            for bad in [String(repeating: "k", count: 256), "tab\there", "caf\u{E9}"] {
                let (status, _, body) = try await Self.call(client, .post, "/v1/messages", body: DemoGateway.sms("hi"), headers: [key: bad])
                #expect(status == .badRequest, "\(bad.utf8.count) bytes")
                Self.expectProblem(body, code: "invalid_idempotency_key")
            }
            let inBody = Array(
                #"{"conversation":"sms:+15005550006:+15551234567","idempotency_key":"\#(String(repeating: "k", count: 300))","content":{"type":"text","text":"hi"}}"#
                    .utf8)
            let (bodyStatus, _, bodyProblem) = try await Self.call(client, .post, "/v1/messages", body: inBody)
            #expect(bodyStatus == .badRequest)
            Self.expectProblem(bodyProblem, code: "invalid_idempotency_key")
            let longest = String(repeating: "k", count: 255)
            let (status, _, accepted) = try await Self.call(
                client, .post, "/v1/messages", body: DemoGateway.sms("hi"), headers: [key: longest])
            #expect(status == .accepted, "\(accepted.canonicalText)")
            let (again, _, replay) = try await Self.call(
                client, .post, "/v1/messages", body: DemoGateway.sms("hi"), headers: [key: longest])
            #expect(again == .accepted)
            #expect(replay["idempotent_replay"]?.bool == true)
        }
    }

    @Test("an SMS text longer than the channel carries is refused by the text_length rule with the numbers and a remedy")
    func oversizeSMS() async throws {
        let demo = try DemoGateway()
        let mock = demo.mockProvider
        try await demo.gateway.application.test(.live) { client in
            let text = String(repeating: "a", count: 100_000)
            let (checkStatus, _, check) = try await Self.call(client, .post, "/v1/messages/check", body: DemoGateway.sms(text))
            #expect(checkStatus == .ok)
            #expect(check["allowed"]?.bool == false)
            #expect(check["rule"]?.string == "text_length")
            Self.expectProblem(check, code: "text_too_long")
            #expect(check["message"]?.string?.contains("100000 characters") == true)
            let (sendStatus, _, send) = try await Self.call(client, .post, "/v1/messages", body: DemoGateway.sms(text))
            #expect(sendStatus == .unprocessableContent)
            #expect(send["rule"]?.string == "text_length")
            Self.expectProblem(send, code: "text_too_long")
            let (fits, _, _) = try await Self.call(
                client, .post, "/v1/messages/check", body: DemoGateway.sms(String(repeating: "a", count: 1530)))
            #expect(fits == .ok)
            #expect(mock.recordedRequests().isEmpty)
        }
    }

    @Test("every 422 has one shape, {code, message, remedy}: a policy refusal and an unknown connection alike")
    func oneShapeOf422() async throws {
        let demo = try DemoGateway()
        try await demo.gateway.application.test(.live) { client in
            let window = Array(#"{"conversation":"whatsapp:106540352242922:16505551234","content":{"type":"text","text":"hi"}}"#.utf8)
            let unknown = Array(#"{"conversation":"sms:+19999999999:+15551234567","content":{"type":"text","text":"hi"}}"#.utf8)
            let named = Array(
                #"{"conversation":"sms:+15005550006:+15551234567","connection":"nope","content":{"type":"text","text":"hi"}}"#.utf8)
            for (body, code) in [(window, "window_closed"), (unknown, "unknown_connection"), (named, "unknown_connection")] {
                for path in ["/v1/messages", "/v1/messages/check"] where !(path.hasSuffix("check") && code == "window_closed") {
                    let (status, _, problem) = try await Self.call(client, .post, path, body: body)
                    #expect(status == .unprocessableContent, "\(path) \(code)")
                    Self.expectProblem(problem, code: code)
                }
            }
            let (notPrepaid, _, problem) = try await Self.call(
                client, .post, "/v1/connections/demo-twilio/balance", body: Array(#"{"amount":"1.00"}"#.utf8))
            #expect(notPrepaid == .unprocessableContent)
            Self.expectProblem(problem, code: "not_prepaid")
        }
    }

    @Test("list items carry the history GET /v1/messages/{id} shows; a bad before cursor is 400")
    func listItemsHaveHistory() async throws {
        let demo = try DemoGateway()
        try await demo.gateway.application.test(.live) { client in
            let (status, _, accepted) = try await Self.call(client, .post, "/v1/messages", body: DemoGateway.sms("hello"))
            #expect(status == .accepted)
            let id = try #require(accepted["id"]?.string)
            var single: JSONValue = .null
            try await eventually("message \(id) sent", timeout: .seconds(15)) {
                single = try await Self.call(client, .get, "/v1/messages/\(id)").2
                return single["state"]?.string == "sent"
            }
            let (listStatus, _, list) = try await Self.call(client, .get, "/v1/messages?state=sent")
            #expect(listStatus == .ok)
            let item = try #require(list["items"]?[0])
            #expect(item["id"]?.string == id)
            #expect(item["history"] == single["history"])
            #expect(item["history"]?.array?.compactMap { $0["status"]?.string } == ["queued", "sent"])
            #expect(item["sequence"]?.int64 != nil)
            for cursor in ["-1", "abc", "99999999999999999999"] {
                let (bad, _, problem) = try await Self.call(client, .get, "/v1/messages?state=sent&before=\(cursor)")
                #expect(bad == .badRequest, "before=\(cursor)")
                Self.expectProblem(problem, code: "invalid_before", remedy: false)
            }
        }
    }
}
