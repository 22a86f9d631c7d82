import AdapterKit
import Foundation
import SwitchboardCore
import Testing

@testable import MessageBirdAdapter

@Suite struct MessageBirdSignatureTests {
    struct Vector: CustomTestStringConvertible {
        var json: JSONValue
        var testDescription: String { json["name"]?.string ?? "?" }
    }

    static let vectors: [Vector] = {
        // Copied byte-exact from messagebird/go-rest-api@e0a41ed signature_jwt/testdata/reference.json
        // (corpus: messagebird/sigvectors-gosdk-signature_jwt-reference.json), read beside this file.
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("jwt-reference-vectors.json")
        return (try? JSONParser.parse(Array(Data(contentsOf: file))))?.array?.map { Vector(json: $0) } ?? []
    }()

    @Test func theReferenceFileHasEveryVector() { #expect(Self.vectors.count == 43) }

    /// Each vector at its `timestamp`, with the one second of leeway MessageBird's SDK allows.
    @Test(arguments: vectors)
    func everyReferenceVector(vector: Vector) throws {
        let json = vector.json
        let receivedAt = try #require(SMSTimestamp.parse(json["timestamp"]?.string))
        let token = json["token"]?.string ?? "", url = json["url"]?.string ?? ""
        let body = Array((json["payload"]?.string ?? "").utf8), key = json["secret"]?.string ?? "no-secret-given"
        let result = MessageBirdSignature.verify(
            token: token, url: url, body: body, signingKey: key, receivedAt: receivedAt, skewMilliseconds: 1000)
        if json["valid"]?.bool == true {
            #expect(result == .valid)
        } else {
            #expect(result == .invalid(reason: json["reason"]?.string ?? ""))
        }
    }

    @Test("the adapter checks the token against the request's time of receipt, and without one only reads the claims")
    func theAdapterChecksTimeAgainstTheTimeOfReceipt() throws {
        let expired = try #require(Self.vectors.first { $0.json["name"]?.string == "Token received after it was expired - GET" }).json
        var request = InboundRequest(
            method: "GET", url: expired["url"]?.string ?? "",
            headers: [HTTPField(name: "MessageBird-Signature-JWT", value: expired["token"]?.string ?? "")], body: [])
        let connection = ConnectionConfig(provider: .messagebird, secrets: ["signing_key": Secret(expired["secret"]?.string ?? "")])
        #expect(MessageBirdAdapter().verify(request, connection: connection) == .valid)
        request.receivedAt = SMSTimestamp.parse("2021-07-05T12:00:00+02:00")
        request.clockSkewMilliseconds = 1000
        #expect(MessageBirdAdapter().verify(request, connection: connection) == .invalid(reason: "invalid jwt: claim exp is in the past"))
        request.headers = []
        #expect(!MessageBirdAdapter().verify(request, connection: connection).isValid)
    }
}
