import SwitchboardCore
import SwitchboardQueue
import SwitchboardStore

/// Outbound messages and transitions for the send-queue contract tests.
enum OutboundSamples {
    static let account = "106540352242922"

    /// The conversation key of `contact` on the sample WhatsApp account.
    static func conversation(_ contact: String, account: String = OutboundSamples.account) -> String {
        "whatsapp:\(account):\(contact)"
    }

    /// A text message to `contact`, queued at `seconds`.
    static func message(
        _ id: String, to contact: String = "100", account: String = OutboundSamples.account, apiKey: String = "key-a",
        idempotencyKey: String? = nil, hash: String = "h", businessInitiated: Bool = false, seconds: Int64 = 1000
    ) -> NewOutboundMessage {
        let message = OutboundMessage(channel: .whatsapp, account: account, to: contact, content: MessageContent(type: .text, text: id))
        return NewOutboundMessage(
            id: id, connection: "wa", conversation: conversation(contact, account: account), recipient: contact, apiKeyID: apiKey,
            idempotencyKey: idempotencyKey, requestHash: hash, businessInitiated: businessInitiated, message: message.json,
            decision: ["allowed": true], createdAt: Timestamp(seconds: seconds))
    }

    /// The dispatcher's transition for a send the provider accepted with `providerID`.
    static func sent(_ record: OutboundRecord, providerID: String, seconds: Int64) -> OutboundTransition {
        OutboundTransition(
            id: record.id, expectedState: record.state, expectedAttempts: record.attempts, state: .sent, attempts: record.attempts + 1,
            nextAttemptAt: Timestamp(seconds: seconds), providerMessageID: providerID, deliveryStatus: .sent,
            history: OutboundHistoryEntry(status: "sent", at: Timestamp(seconds: seconds), providerMessageID: providerID))
    }

    /// The dispatcher's transition for a failed attempt to retry at `retrySeconds`.
    static func retry(_ record: OutboundRecord, seconds: Int64, retrySeconds: Int64) -> OutboundTransition {
        let failure = DeliveryFailure(category: .temporary, providerCode: "503", message: "unavailable")
        return OutboundTransition(
            id: record.id, expectedState: record.state, expectedAttempts: record.attempts, state: .retryWait,
            attempts: record.attempts + 1, nextAttemptAt: Timestamp(seconds: retrySeconds), failure: failure,
            history: OutboundHistoryEntry(status: "retrying", at: Timestamp(seconds: seconds), errorCode: "503", message: "unavailable"))
    }

    /// The dispatcher's transition for a message given up on.
    static func dead(_ record: OutboundRecord, seconds: Int64) -> OutboundTransition {
        let failure = DeliveryFailure(category: .invalidRequest, providerCode: "131009", message: "bad parameter")
        return OutboundTransition(
            id: record.id, expectedState: record.state, expectedAttempts: record.attempts, state: .dead, attempts: record.attempts + 1,
            nextAttemptAt: Timestamp(seconds: seconds), failure: failure, deadReason: "bad parameter",
            history: OutboundHistoryEntry(status: "dead", at: Timestamp(seconds: seconds), message: "bad parameter"))
    }

    /// A provider status webhook for `providerID`, as the adapters normalize it.
    static func status(_ status: DeliveryStatus, providerID: String, seconds: Int64, errorCode: String? = nil) -> CanonicalEvent {
        var event = CanonicalEvent(
            kind: .status, channel: .whatsapp, provider: .meta, account: account, timestamp: Timestamp(seconds: seconds),
            contact: Contact(id: "100"), providerMessageID: providerID, status: status,
            errors: errorCode.map { [ProviderErrorInfo(code: $0, title: "error \($0)")] } ?? [])
        event.assignID(key: "\(providerID):\(status.rawValue)")
        return event
    }
}
