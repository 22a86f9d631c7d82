import Foundation
import SwitchboardCore
import SwitchboardTransport

/// An in-process stand-in for the WhatsApp Cloud API's send endpoint, behind the ``HTTPTransport`` protocol:
/// records every request with its arrival time and answers like Graph does (200 with a `wamid`, or a 500 /
/// 429 error body). Dispatcher tests use it to read arrival times without a socket in between; the mock
/// provider over libcurl is exercised by the end-to-end tests.
public actor FakeGraphProvider: HTTPTransport {
    /// One request the provider received.
    public struct Received: Sendable {
        public var at: ContinuousClock.Instant
        public var url: String
        public var body: JSONValue
        /// `content.text` / `text.body` of the request, which tests make unique per message.
        public var text: String?
        /// The wamid answered, or `nil` when the request was failed.
        public var providerMessageID: String?
    }

    public private(set) var received: [Received] = []
    /// Probability that a request is answered with a 500 while ``failing`` is on.
    public var failureRate: Double
    public var failing: Bool
    private var random: SeededRandom
    private var counter = 0
    /// A delay before answering.
    public var latency: Duration

    public init(failureRate: Double = 0, seed: UInt64 = 42, latency: Duration = .zero) {
        self.failureRate = failureRate
        failing = failureRate > 0
        random = SeededRandom(seed: seed)
        self.latency = latency
    }

    public func setFailing(_ value: Bool) { failing = value }

    public nonisolated func send(_ request: ProviderRequest, options: TransportOptions) async throws(TransportError) -> ProviderResponse {
        // The arrival time is taken on entry, before the hop onto the actor, which a busy machine can delay.
        let at = ContinuousClock.now
        if await latency > .zero { try? await Task.sleep(for: latency) }
        return await answer(request, at: at)
    }

    private func answer(_ request: ProviderRequest, at: ContinuousClock.Instant) -> ProviderResponse {
        let body = (try? JSONParser.parse(request.body)) ?? .null
        let text = body["text"]?["body"]?.string
        if failing, Double(random.next() % 10_000) / 10_000 < failureRate {
            received.append(Received(at: at, url: request.url, body: body, text: text, providerMessageID: nil))
            return ProviderResponse(
                status: 500, headers: [HTTPField(name: "Content-Type", value: "application/json")],
                body: Array(
                    #"{"error":{"message":"An unexpected error has occurred. Please retry your request later.","type":"OAuthException","code":2,"fbtrace_id":"A1"}}"#
                        .utf8))
        }
        counter += 1
        let id = "wamid.FAKE\(counter)"
        received.append(Received(at: at, url: request.url, body: body, text: text, providerMessageID: id))
        let to = body["to"]?.string ?? ""
        return ProviderResponse(
            status: 200, headers: [HTTPField(name: "Content-Type", value: "application/json")],
            body: Array(
                #"{"messaging_product":"whatsapp","contacts":[{"input":"\#(to)","wa_id":"\#(to)"}],"messages":[{"id":"\#(id)"}]}"#.utf8))
    }

    /// Requests that were answered with success.
    public var accepted: [Received] { received.filter { $0.providerMessageID != nil } }
}
