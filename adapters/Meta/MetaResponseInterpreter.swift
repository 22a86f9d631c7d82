import AdapterKit
import SwitchboardCore

/// Classifies Graph API answers to sends (WhatsApp, Messenger, Instagram) into delivery outcomes.
///
/// 2xx: `sent` with `messages[0].id` (WhatsApp) or `message_id` (Messenger/Instagram), `sent(nil)`
/// for `{success: true}` (mark as read, typing) and sender actions. Errors are classified by code:
/// Messenger/Instagram codes and subcodes first (``MetaErrorCode``: window subcodes 2018278/2534022,
/// 551, 1200, 2018108), then the WhatsApp / Graph table (``WhatsAppErrorCode``); unknown codes fall
/// back to the HTTP status (5xx and 429 retry, 401 re-authorizes, other 4xx fail). `Retry-After` is
/// honoured on every retry.
public enum MetaResponseInterpreter {
    /// The outcome of `response`. The request is not needed to classify: Meta's codes do not collide
    /// across channels.
    public static func interpret(_ response: ProviderResponse, for request: ProviderRequest) -> DeliveryOutcome {
        WhatsAppResponseInterpreter.interpret(response) { error, retryAfter, status in
            MetaErrorCode.outcome(for: error, retryAfter: retryAfter, status: status)
        }
    }
}
