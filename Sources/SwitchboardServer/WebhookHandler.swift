import AdapterKit
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SwitchboardCore
import SwitchboardStore

/// `GET|POST /webhooks/{provider}[/{connection}]` on the router: size limit (413), signature over the raw bytes
/// (401, nothing stored), decode (400; the raw request is quarantined), durable commit, then 200 with the
/// provider's acknowledgement. A re-delivered webhook stores nothing new and is answered 200.
struct WebhookHandler: Sendable {
    let pipeline: WebhookPipeline
    let store: any EventLog & QuarantineStore

    func handle(_ request: Request, provider providerName: String, connection connectionName: String?) async -> Response {
        let target: WebhookPipeline.Target
        switch pipeline.route(provider: providerName, connection: connectionName) {
        case .reply(let reply): return reply.response
        case .target(let found): target = found
        }
        let limit = pipeline.configuration.limits.maxBodyBytes
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            return pipeline.tooLarge(provider: providerName).response
        }
        var body: [UInt8] = []
        do {
            for try await buffer in request.body {
                guard body.count + buffer.readableBytes <= limit else { return pipeline.tooLarge(provider: providerName).response }
                body.append(contentsOf: buffer.readableBytesView)
            }
        } catch {
            pipeline.metrics.webhookRequest(provider: providerName, outcome: "malformed")
            return .text(.badRequest, "could not read the request body")
        }
        let inbound = pipeline.inbound(
            method: request.method, authority: request.head.authority, path: request.uri.string, headers: request.headers, body: body)
        switch pipeline.process(inbound, target: target) {
        case .reply(let reply):
            return reply.response
        case .quarantine(let quarantined, let status):
            do {
                try await store.quarantine(quarantined)
                return pipeline.quarantined(.success(()), quarantined, status: status).response
            } catch {
                return pipeline.quarantined(.failure(error), quarantined, status: status).response
            }
        case .append(let pending):
            do {
                let stored = try await store.append(pending.records, receivedAt: pending.receivedAt)
                return pipeline.appended(.success(stored), pending).response
            } catch {
                return pipeline.appended(.failure(error), pending).response
            }
        }
    }
}

extension Response {
    /// A plain-text response.
    static func text(_ status: HTTPResponse.Status, _ text: String) -> Response { WebhookReply.text(status, text).response }

    /// A JSON response.
    static func json(_ status: HTTPResponse.Status, _ value: JSONValue) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: JSONWriter(sortedKeys: true).bytes(value))))
    }
}
