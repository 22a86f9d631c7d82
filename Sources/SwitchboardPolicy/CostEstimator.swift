import Foundation
import SwitchboardCore
import SwitchboardLedger

/// Estimates what a message costs: the category it will be billed as, the price (from the rate card when it
/// has a rate for the recipient, else the price table), and why.
struct CostEstimator: Sendable {
    var configuration: PolicyConfiguration

    /// One price and where it came from.
    struct Price: Sendable, Hashable {
        var amount: Money
        var currency: String
        /// The rate card's rate, when it priced the message.
        var rate: RateCard.Rate?
    }

    /// The price of one `category` message on `channel` to `recipient` at `now`: the rate card's rate in force,
    /// else the price table's.
    func price(_ channel: Channel, _ category: CostCategory, recipient: String, account: AccountState, now: Timestamp) -> Price {
        if let rate = account.rateCard.rate(channel: channel, category: category.rawValue, recipient: recipient, at: now) {
            return Price(amount: rate.price, currency: rate.currency, rate: rate)
        }
        return Price(amount: configuration.prices.money(channel, category), currency: configuration.prices.currency)
    }

    /// This recipient's price per WhatsApp category at `now` in `currency` (the categories the price table
    /// or the rate card name), so a hold can be settled at the category the provider reports.
    func whatsappRates(recipient: String, account: AccountState, now: Timestamp, currency: String) -> [String: Money] {
        var categories = Set(
            configuration.prices.prices.keys.compactMap { key in
                key.hasPrefix("whatsapp.") ? String(key.dropFirst("whatsapp.".count)) : nil
            })
        categories.formUnion(account.rateCard.rates.filter { $0.channel == .whatsapp }.map(\.category))
        var rates: [String: Money] = [:]
        for category in categories {
            let price = price(.whatsapp, CostCategory(rawValue: category), recipient: recipient, account: account, now: now)
            if price.currency == currency { rates[category] = price.amount }
        }
        return rates
    }

    func estimate(message: OutboundMessage, account: AccountState, window: WindowInfo, template: ResolvedTemplate?, now: Timestamp)
        -> CostEstimate
    {
        func make(_ category: CostCategory, free: Bool = false, times count: Int = 1, _ reason: String) -> CostEstimate {
            if free {
                return CostEstimate(category: category, price: .zero, currency: configuration.prices.currency, reason: reason)
            }
            let one = price(message.channel, category, recipient: message.to, account: account, now: now)
            let total = one.amount.multiplied(by: count) ?? Money.limit
            var reason = reason
            if let rate = one.rate {
                let code = rate.callingCode == "*" ? "every country" : "calling code \(rate.callingCode)"
                reason += " (rate card: \(code), from \(rate.effectiveFrom.rfc3339))"
            }
            return CostEstimate(category: category, price: total, currency: one.currency, reason: reason)
        }
        if message.content.type == .action {
            return make(.none, free: true, "sender actions (read receipts, typing indicators) are not billed")
        }
        switch message.channel {
        case .whatsapp:
            return whatsapp(message: message, window: window, template: template, make: make)
        case .sms:
            if !message.content.attachments.isEmpty {
                return make(.mms, "an MMS (\(message.content.attachments.count) media) is billed per message")
            }
            let segments = SMSSegments(text: message.content.text ?? "")
            let one = price(.sms, .message, recipient: message.to, account: account, now: now)
            let plural = segments.count == 1 ? "segment" : "segments"
            return make(
                .message, times: segments.count,
                "\(segments.count) \(plural) (\(segments.encoding.rawValue)) at \(one.amount) \(one.currency) each")
        case .messenger, .instagram, .telegram, .email:
            return make(.service, "\(message.channel.rawValue) does not bill per message")
        }
    }

    private func whatsapp(
        message: OutboundMessage, window: WindowInfo, template: ResolvedTemplate?,
        make: (CostCategory, Bool, Int, String) -> CostEstimate
    ) -> CostEstimate {
        let service = HumanText.length(configuration.serviceWindow)
        if let entryPoint = window.entryPoint, entryPoint.open, let until = entryPoint.until {
            let opening = entryPoint.opensWithThisMessage ? "this reply opens" : "the conversation is in"
            return make(
                .freeEntryPoint, true, 1,
                "\(opening) the \(HumanText.length(configuration.entryPointLength)) free entry point after a click-to-WhatsApp ad "
                    + "(until \(until.rfc3339)): every message in it is free, templates included; it does not extend the "
                    + "\(service) window, so free-form messages still need the contact to have written within \(service)")
        }
        guard message.content.type == .template else {
            let state = window.open ? "inside the open" : "outside the"
            return make(.service, false, 1, "a free-form (service) message \(state) \(service) window")
        }
        let category = CostCategory(rawValue: template?.category ?? CostCategory.marketing.rawValue)
        let source = template?.categorySource(category) ?? "category unknown, priced as marketing"
        if category == .utility, window.open, configuration.utilityFreeInsideWindow {
            return make(.utility, true, 1, "a utility template (\(source)) inside the open \(service) window is free")
        }
        return make(category, false, 1, "a \(category) template (\(source)) is billed per delivered message")
    }
}
