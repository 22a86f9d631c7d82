import SwitchboardCore

extension WhatsAppErrorCode {
    /// Rate, throughput, spam and pair limits, plus the generic Graph request limits (613, 17, 32):
    /// back off and retry.
    public static let throttling: Set<WhatsAppErrorCode> = [
        .tooManyCalls, .rateLimitHit, .throughputReached, .spamRateLimit, .pairRateLimit, .registrationRateLimit,
        .apiTooManyCalls, .userRequestLimit, .pageRequestLimit,
    ]

    /// Temporary provider-side failures: retry with backoff.
    public static let temporary: Set<WhatsAppErrorCode> = [
        .serviceUnavailable, .genericUserError, .serviceOverloaded, .mediaUploadError,
    ]

    /// Seconds to wait before the next message to the same contact after a pair-rate error (131056)
    /// when the response has no `Retry-After`: WhatsApp allows about one message per 6 s per contact.
    public static let pairRateDelay: Double = 6

    /// What a send that failed with this code means (docs/providers.md §2.8, §11).
    ///
    /// Decisions where the sources are silent: permission errors (10, 200–299, 131005) re-authorize,
    /// because every later send through the same credential fails the same way until someone grants
    /// the permission or issues a new token; account problems (368, 131031, 130497, 131042) fail with
    /// category `account_problem`, which the dispatcher surfaces to an operator; 131049 (per-user
    /// marketing cap) fails rather than retries, because Meta asks not to retry it soon.
    public func outcome(
        for error: WhatsAppResponseInterpreter.GraphError, retryAfter: Double?, status: Int
    ) -> DeliveryOutcome {
        let said = error.providerText.map { " (provider said: \($0))" } ?? ""
        func failure(_ category: DeliveryFailure.Category, _ sentence: String, perRecipient: Bool = false) -> DeliveryFailure {
            DeliveryFailure(category: category, providerCode: description, message: sentence + said, perRecipient: perRecipient)
        }
        if Self.throttling.contains(self) {
            let (sentence, perRecipient) = throttlingSentence
            return .retry(
                after: retryAfter ?? (self == .pairRateLimit ? Self.pairRateDelay : nil),
                failure: failure(.rateLimited, sentence, perRecipient: perRecipient))
        }
        if Self.temporary.contains(self) { return .retry(after: retryAfter, failure: failure(.temporary, temporarySentence)) }
        if isTemplateError {
            return .failed(
                failure(
                    .templateProblem,
                    "the template was refused (unknown, paused or disabled, or its parameters do not match its definition): check the name, language and parameters in WhatsApp Manager"
                ))
        }
        if isPermissionError || self == .permissionDenied || self == .accessDenied {
            return .reauthorize(
                failure(
                    .authorization,
                    "the access token lacks a permission this send needs: grant it (whatsapp_business_messaging, or the Page's messaging permission) or issue a new token, then resume the connection"
                ))
        }
        switch self {
        case .reEngagementRequired:
            return .windowClosed(
                failure(
                    .windowClosed,
                    "more than 24 hours have passed since the contact last wrote, so free-form messages are refused: send an approved template"
                ))
        case .messageUndeliverable:
            return .failed(
                failure(
                    .contactUnreachable,
                    "the message cannot be delivered: the number is not on WhatsApp, runs an outdated app, or has not accepted the terms; do not retry, reach the contact another way"
                ))
        case .marketingOptOut:
            return .failed(
                failure(
                    .optedOut,
                    "the contact stopped marketing messages from this business: do not send marketing templates; service messages and utility templates still reach them"
                ))
        case .ecosystemEngagement:
            return .failed(
                failure(
                    .rateLimited,
                    "WhatsApp held back this marketing message to protect ecosystem engagement (per-user marketing limit): it is not retried immediately; try again after a day or more, or reach the contact inside a service window",
                    perRecipient: true))
        case .requiredParameterMissing, .parameterValueInvalid, .invalidParameter, .unsupportedMessageType, .recipientCannotBeSender:
            return .failed(
                failure(
                    .invalidRequest,
                    "the request has a missing or invalid parameter: fix the message payload; resending it unchanged fails again"))
        case .bsuidNotSupported:
            return .failed(
                failure(.invalidRequest, "this send cannot address a business-scoped user id: send to the contact's phone number instead"))
        case .policyBlocked:
            return .failed(
                failure(
                    .accountProblem,
                    "the account is temporarily blocked for policy violations: an operator must review the policy notices in WhatsApp Manager"
                ))
        case .accountLocked:
            return .failed(failure(.accountProblem, "the business account is locked: an operator must resolve it in WhatsApp Manager"))
        case .countryRestricted:
            return .failed(
                failure(.accountProblem, "this business may not message contacts in the recipient's country: do not retry for this contact")
            )
        case .paymentIssue:
            return .failed(
                failure(
                    .accountProblem, "the business account has a payment or eligibility problem: an operator must fix the payment method"))
        case .accessTokenExpired:
            return .reauthorize(
                failure(.authorization, "the access token expired or was revoked: renew the connection's access_token, then resume it"))
        case .userInExperiment:
            return .failed(
                failure(.unknown, "the contact is part of a Meta experiment and the message was not sent; there is nothing to fix"))
        default:
            return WhatsAppResponseInterpreter.unknownCode(error, retryAfter: retryAfter, status: status)
        }
    }

    private var throttlingSentence: (String, Bool) {
        switch self {
        case .pairRateLimit:
            (
                "too many messages to this contact in a short time (pair rate, about one per 6 s): wait before the next message to this contact; others are not affected",
                true
            )
        case .throughputReached: ("the phone number's message throughput was reached: slow down and retry", false)
        case .spamRateLimit:
            (
                "spam rate limit: too many recent messages were blocked or reported; slow down, retry later and check the number's quality",
                false
            )
        case .registrationRateLimit: ("the register/deregister rate limit was reached: retry later", false)
        default: ("the API rate limit was reached: back off and retry later", false)
        }
    }

    private var temporarySentence: String {
        switch self {
        case .mediaUploadError: "WhatsApp could not fetch or process the media: retry; if it keeps failing, check the media URL and type"
        case .serviceUnavailable:
            "the service is temporarily unavailable: retry with backoff (on Messenger this can also mean the contact blocked the Page)"
        default: "a temporary WhatsApp error: retry with backoff"
        }
    }
}
