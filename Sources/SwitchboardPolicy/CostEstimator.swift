import Foundation
import SwitchboardCore

/// Estimates what a message costs: the category it will be billed as, the price from the table, and why.
struct CostEstimator: Sendable {
    var configuration: PolicyConfiguration

    func estimate(message: OutboundMessage, conversation: ConversationState, account: AccountState, window: WindowInfo) -> CostEstimate {
        let prices = configuration.prices
        func make(_ category: CostCategory, _ price: Decimal? = nil, _ reason: String) -> CostEstimate {
            CostEstimate(
                category: category, price: price ?? prices.price(message.channel, category), currency: prices.currency,
                reason: reason)
        }
        if message.content.type == .action {
            return make(.none, 0, "sender actions (read receipts, typing indicators) are not billed")
        }
        switch message.channel {
        case .whatsapp:
            return whatsapp(message: message, account: account, window: window, make: make)
        case .sms:
            if !message.content.attachments.isEmpty {
                return make(.mms, nil, "an MMS (\(message.content.attachments.count) media) is billed per message")
            }
            let segments = SMSSegments(text: message.content.text ?? "")
            let price = prices.price(.sms, .message) * Decimal(segments.count)
            let plural = segments.count == 1 ? "segment" : "segments"
            return make(
                .message, price,
                "\(segments.count) \(plural) (\(segments.encoding.rawValue)) at \(prices.price(.sms, .message)) \(prices.currency) each")
        case .messenger, .instagram, .telegram, .email:
            return make(.service, nil, "\(message.channel.rawValue) does not bill per message")
        }
    }

    private func whatsapp(
        message: OutboundMessage, account: AccountState, window: WindowInfo,
        make: (CostCategory, Decimal?, String) -> CostEstimate
    ) -> CostEstimate {
        let entryPoint = window.entryPoint
        if let entryPoint, entryPoint.open, let until = entryPoint.until {
            let opening = entryPoint.opensWithThisMessage ? "this reply opens" : "the conversation is in"
            return make(
                .freeEntryPoint, 0,
                "\(opening) the \(HumanText.length(configuration.entryPointLength)) free entry point after a click-to-WhatsApp ad "
                    + "(until \(until.rfc3339)): every message in it is free, templates included; it does not extend the "
                    + "\(HumanText.length(configuration.serviceWindow)) window, so free-form messages still need the contact to have written "
                    + "within \(HumanText.length(configuration.serviceWindow))")
        }
        guard message.content.type == .template else {
            let state = window.open ? "inside the open" : "outside the"
            return make(.service, nil, "a free-form (service) message \(state) \(HumanText.length(configuration.serviceWindow)) window")
        }
        let name = message.content.template?["name"]?.string ?? ""
        let registered = account.templates[name]?.category
        let stated = message.content.template?["category"]?.string?.lowercased()
        let category = CostCategory(rawValue: registered ?? stated ?? CostCategory.marketing.rawValue)
        let source =
            registered != nil ? "approved as \(category)" : stated != nil ? "declared \(category)" : "category unknown, priced as marketing"
        if category == .utility, window.open, configuration.utilityFreeInsideWindow {
            return make(
                .utility, 0,
                "a utility template (\(source)) inside the open \(HumanText.length(configuration.serviceWindow)) window is free")
        }
        return make(category, nil, "a \(category) template (\(source)) is billed per delivered message")
    }
}
