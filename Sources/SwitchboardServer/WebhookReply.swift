import AdapterKit
import HTTPTypes
import Hummingbird

/// What a webhook request is answered: status, content type and body text. Both the router's handler and the
/// event-loop handler write it.
struct WebhookReply: Sendable, Hashable {
    var status: HTTPResponse.Status
    var contentType: String
    var body: String

    /// A plain-text reply (the body ends with a newline, as every plain-text answer of the gateway does).
    static func text(_ status: HTTPResponse.Status, _ text: String) -> WebhookReply {
        WebhookReply(status: status, contentType: "text/plain; charset=utf-8", body: text + "\n")
    }

    init(status: HTTPResponse.Status, contentType: String, body: String) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    /// An adapter's handshake answer or acknowledgement.
    init(_ answer: HandshakeResponse) {
        self.init(status: HTTPResponse.Status(code: answer.status), contentType: answer.contentType, body: answer.body)
    }

    /// The reply as a Hummingbird response.
    var response: Response {
        Response(status: status, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
