import Foundation
import SwitchboardCore

/// What may be sent to the contact right now, as the short strings of ``PolicyDecision/allowedNow``.
enum AllowedNow {
    static func compute(_ context: PolicyContext) -> [String] {
        let conversation = context.conversation, configuration = context.configuration, window = context.window
        if context.contactBlocked || (conversation.blocked && conversation.channel != .email) { return [] }
        // Nothing paid fits the wallet any more: only free messages remain.
        let exhausted = context.wallet.map { !$0.available.isPositive } ?? false
        var allowed: [String] = []
        switch conversation.channel {
        case .whatsapp:
            allowed = window.open ? ["free_form", "template"] : ["template"]
            if exhausted, window.entryPoint?.open != true {
                // Only free messages remain: free-form inside the window, utility templates when they are free there.
                allowed = window.open ? ["free_form"] + (configuration.utilityFreeInsideWindow ? ["template:utility"] : []) : []
            }
        case .messenger, .instagram:
            if window.open {
                allowed = ["free_form"]
            } else if let until = window.humanAgentUntil {
                if context.now < until { allowed.append("tag:\(configuration.humanAgentTag) until \(until.rfc3339)") }
                if conversation.channel == .messenger {
                    allowed += configuration.messengerNonPromotionalTags.map { "tag:\($0) (non-promotional)" }
                } else {
                    allowed += configuration.instagramTags.filter { $0 != configuration.humanAgentTag }.map { "tag:\($0)" }
                }
            }
            for (id, time) in conversation.comments.sorted(by: { $0.key < $1.key })
            where !conversation.privateRepliedComments.contains(id) {
                let until = time.adding(configuration.privateReplyWindow)
                if context.now < until { allowed.append("private_reply:\(id) until \(until.rfc3339)") }
            }
        case .telegram:
            let group = context.account.recipientIsGroup
            allowed = group || conversation.started || conversation.lastInboundAt != nil ? ["free_form"] : []
        case .sms:
            allowed = conversation.optedOut || exhausted ? [] : ["free_form"]
        case .email:
            allowed = ["free_form"]
        }
        if !context.contactWroteRecently {
            if context.account.consentRequired, !ConsentRule.hasConsent(conversation, contact: context.account.contact) { return [] }
            let restricted = context.activeRestrictions.contains { $0.type.uppercased() == AccountRestrictionRule.businessInitiated }
            if restricted { return [] }
        }
        if let cap = context.contactCap, !context.account.contactIsKnown, context.account.knownContacts >= cap {
            return []
        }
        return allowed
    }
}
