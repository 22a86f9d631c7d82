import Foundation

/// Picks the answer for a send request: the provider's success shape, or the shape of the fault.
enum MockAnswers {
    static func reply(_ request: MockSendRequest, fault: MockFault, ids: MockIDs, now: Date) -> MockReply {
        switch fault {
        case .none: return success(request, ids: ids, now: now)
        case .timeout: return serverError(request, status: 504, ids: ids)
        case .serverError(let status): return serverError(request, status: status, ids: ids)
        case .rateLimited(let wait): return rateLimited(request, wait: wait, ids: ids)
        case .providerError(let code): return providerError(request, code: code, ids: ids)
        }
    }

    static func success(_ request: MockSendRequest, ids: MockIDs, now: Date) -> MockReply {
        switch request.family {
        case .whatsapp, .dialog360: return MetaReplies.whatsappSuccess(request, ids: ids)
        case .messenger: return MetaReplies.messengerSuccess(request, ids: ids)
        case .telegram: return TelegramReplies.success(request, ids: ids, now: now)
        case .twilio: return TwilioReplies.success(request, ids: ids, now: now)
        case .vonageSMS: return VonageReplies.smsSuccess(request, ids: ids)
        case .vonageMessages: return VonageReplies.messagesSuccess(ids: ids)
        case .messagebird: return MessageBirdReplies.success(request, ids: ids, now: now)
        }
    }

    static func unauthorized(_ request: MockSendRequest, ids: MockIDs) -> MockReply {
        switch request.family {
        case .whatsapp, .dialog360, .messenger: return MetaReplies.unauthorized(ids: ids)
        case .telegram: return TelegramReplies.unauthorized()
        case .twilio: return TwilioReplies.unauthorized()
        case .vonageSMS, .vonageMessages: return VonageReplies.unauthorized(request, ids: ids)
        case .messagebird: return MessageBirdReplies.unauthorized()
        }
    }

    static func serverError(_ request: MockSendRequest, status: Int, ids: MockIDs) -> MockReply {
        switch request.family {
        case .whatsapp, .dialog360, .messenger: return MetaReplies.serverError(status: status, family: request.family, ids: ids)
        case .telegram: return TelegramReplies.serverError(status: status)
        case .twilio: return TwilioReplies.serverError(status: status)
        case .vonageSMS, .vonageMessages: return VonageReplies.serverError(request, status: status, ids: ids)
        case .messagebird: return MessageBirdReplies.serverError(status: status)
        }
    }

    static func rateLimited(_ request: MockSendRequest, wait: MockRetryAfter, ids: MockIDs) -> MockReply {
        switch request.family {
        case .whatsapp, .dialog360, .messenger: return MetaReplies.rateLimited(wait: wait, family: request.family, ids: ids)
        case .telegram: return TelegramReplies.rateLimited(wait: wait)
        case .twilio: return TwilioReplies.rateLimited(wait: wait)
        case .vonageSMS, .vonageMessages: return VonageReplies.rateLimited(request, wait: wait, ids: ids)
        case .messagebird: return MessageBirdReplies.rateLimited(wait: wait)
        }
    }

    static func providerError(_ request: MockSendRequest, code: String, ids: MockIDs) -> MockReply {
        switch request.family {
        case .whatsapp, .dialog360, .messenger: return MetaReplies.providerError(code: code, family: request.family, ids: ids)
        case .telegram: return TelegramReplies.providerError(code: code)
        case .twilio: return TwilioReplies.providerError(code: code)
        case .vonageSMS, .vonageMessages: return VonageReplies.providerError(request, code: code, ids: ids)
        case .messagebird: return MessageBirdReplies.providerError(code: code)
        }
    }
}
