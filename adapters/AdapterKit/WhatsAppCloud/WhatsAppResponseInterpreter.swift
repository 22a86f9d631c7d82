import Foundation
import SwitchboardCore

/// Reads Graph API answers to WhatsApp sends (Meta Cloud API and 360dialog) into delivery outcomes.
///
/// Success (2xx): `messages[0].id` (WhatsApp), `message_id` (Messenger/Instagram), or `sent(nil)`
/// for `{success: true}` (mark as read, typing) and for bodies without an id (sender actions).
/// Errors are classified by `error.code` (and `error_subcode`), never by title or HTTP status
/// (docs/providers.md §2.8); the HTTP status decides only for codes nobody knows: 5xx and 429 retry,
/// 401 re-authorizes, anything else fails. A `Retry-After` header (seconds, or an HTTP date read
/// against the response's `Date` header) is honoured on every retry.
public enum WhatsAppResponseInterpreter {
    /// A Graph API error object: `{"error": {message, type, code, error_subcode, error_data: {details}, fbtrace_id}}`.
    ///
    /// Also reads the older `{"errors": [{code, title, details}]}` shape (on-premises API, some BSP
    /// proxies) and 360dialog's `{"meta": {success: false, developer_message}}`.
    public struct GraphError: Sendable, Hashable {
        public var code: Int?
        public var subcode: Int?
        public var type: String?
        public var message: String?
        public var details: String?
        public var fbtraceID: String?

        public init(
            code: Int?, subcode: Int? = nil, type: String? = nil, message: String? = nil, details: String? = nil,
            fbtraceID: String? = nil
        ) {
            self.code = code
            self.subcode = subcode
            self.type = type
            self.message = message
            self.details = details
            self.fbtraceID = fbtraceID
        }

        /// The error in a response body, or `nil` when the body carries none.
        public init?(body: JSONValue) {
            if let error = body["error"], error.object != nil {
                self.init(
                    code: error["code"]?.int, subcode: error["error_subcode"]?.int, type: error["type"]?.string,
                    message: error["message"]?.string ?? error["error_user_msg"]?.string,
                    details: error["error_data"]?["details"]?.string ?? error["error_data"]?.string,
                    fbtraceID: error["fbtrace_id"]?.string)
            } else if let first = body["errors"]?[0], first.object != nil {
                self.init(
                    code: first["code"]?.int, message: first["title"]?.string ?? first["message"]?.string,
                    details: first["details"]?.string ?? first["error_data"]?["details"]?.string)
            } else if let meta = body["meta"], meta["success"]?.bool == false {
                // 360dialog's own envelope for errors it raises before reaching Meta (bad API key).
                self.init(code: nil, message: meta["developer_message"]?.string ?? meta["message"]?.string)
            } else {
                return nil
            }
        }

        /// What the provider said, for the failure message: `message; details` (each once).
        public var providerText: String? {
            switch (message, details) {
            case (let message?, let details?) where !details.isEmpty && details != message: "\(message); \(details)"
            case (let message?, _): message
            case (nil, let details?): details
            case (nil, nil): nil
            }
        }
    }

    /// A classifier consulted before the WhatsApp table (the Meta adapter adds Messenger/Instagram
    /// codes); returns `nil` to fall through.
    public typealias Classifier = @Sendable (_ error: GraphError, _ retryAfter: Double?, _ status: Int) -> DeliveryOutcome?

    /// The outcome of a send answered with `response`.
    public static func interpret(_ response: ProviderResponse, classifier: Classifier? = nil) -> DeliveryOutcome {
        let body = response.jsonBody
        let retryAfter = retryAfterSeconds(response)
        if let body, let error = GraphError(body: body) {
            if let outcome = classifier?(error, retryAfter, response.status) { return outcome }
            if let code = error.code {
                return WhatsAppErrorCode(code).outcome(for: error, retryAfter: retryAfter, status: response.status)
            }
            return unknownCode(error, retryAfter: retryAfter, status: response.status)
        }
        if (200...299).contains(response.status) {
            return .sent(providerMessageID: body.flatMap(messageID(in:)))
        }
        return unknownCode(GraphError(code: nil, message: bodySnippet(response)), retryAfter: retryAfter, status: response.status)
    }

    /// The message id in a success body: `messages[0].id` (WhatsApp) or `message_id` (Messenger/Instagram).
    public static func messageID(in body: JSONValue) -> String? {
        body["messages"]?[0]?["id"]?.identifier ?? body["message_id"]?.identifier
    }

    /// The outcome for an error no table knows, decided by the HTTP status.
    static func unknownCode(_ error: GraphError, retryAfter: Double?, status: Int) -> DeliveryOutcome {
        let code = error.code.map(String.init)
        let said = error.providerText.map { " (provider said: \($0))" } ?? ""
        let label = code.map { "unknown error code \($0)" } ?? "no error code"
        switch status {
        case 429:
            return .retry(
                after: retryAfter,
                failure: DeliveryFailure(
                    category: .rateLimited, providerCode: code, message: "HTTP 429 with \(label): rate limited, retry later\(said)"))
        case 500...599:
            return .retry(
                after: retryAfter,
                failure: DeliveryFailure(
                    category: .temporary, providerCode: code,
                    message: "HTTP \(status) with \(label): a provider-side problem, retry with backoff\(said)"))
        case 401:
            return .reauthorize(
                DeliveryFailure(
                    category: .authorization, providerCode: code,
                    message: "HTTP 401 with \(label): the credential was refused; renew it in the connection's secrets\(said)"))
        default:
            return .failed(
                DeliveryFailure(
                    category: .unknown, providerCode: code,
                    message:
                        "HTTP \(status) with \(label): not retried, check the provider's error reference\(said)"
                ))
        }
    }

    private static func bodySnippet(_ response: ProviderResponse) -> String? {
        guard !response.body.isEmpty else { return nil }
        let text = String(decoding: response.body.prefix(200), as: UTF8.self)
        return text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : text
    }
}
