import SwitchboardCore
import SwitchboardLedger
import SwitchboardPolicy
import Testing

@Suite("Rate card pricing: longest calling code, effective date, currency")
struct RateCardPricingTests {
    private static func rate(
        _ code: String, _ category: String, _ price: String, currency: String = "USD", from: Timestamp = Fx.at(days: -30),
        channel: Channel = .whatsapp
    ) -> RateCard.Rate {
        RateCard.Rate(
            channel: channel, callingCode: code, category: category, price: Fx.money(price), currency: currency, effectiveFrom: from)
    }

    private func cost(_ message: OutboundMessage, _ card: RateCard, now: Timestamp = Fx.at(days: 2)) -> CostEstimate {
        let channel = message.channel
        return Fx.decide(message, Fx.conversation(channel, contact: message.to), Fx.accountState { $0.rateCard = card }, now: now).cost
    }

    private func template(to recipient: String) -> OutboundMessage {
        var message = Fx.template("spring_sale")
        message.to = recipient
        return message
    }

    @Test("the longest calling code that prefixes the number wins; * is the fallback")
    func longestPrefix() {
        let card = RateCard(rates: [
            Self.rate("*", "marketing", "0.05"), Self.rate("4", "marketing", "0.04"), Self.rate("44", "marketing", "0.03"),
        ])
        #expect(cost(template(to: "447700900123"), card).price == Fx.money("0.03"))
        #expect(cost(template(to: "+447700900123"), card).price == Fx.money("0.03"))
        #expect(cost(template(to: "4915112345678"), card).price == Fx.money("0.04"))
        let fallback = cost(template(to: "16505551234"), card)
        #expect(fallback.price == Fx.money("0.05"))
        #expect(fallback.reason.hasSuffix("(rate card: every country, from 2026-10-11T10:00:00Z)"))
    }

    @Test("the latest rate in force at the decision's time applies; one effective later does not yet")
    func effectiveDate() {
        let change = Fx.at(days: 3)
        let card = RateCard(rates: [Self.rate("1", "marketing", "0.025"), Self.rate("1", "marketing", "0.03", from: change)])
        #expect(cost(template(to: "16505551234"), card, now: Fx.at(minutes: -1, days: 3)).price == Fx.money("0.025"))
        #expect(cost(template(to: "16505551234"), card, now: change).price == Fx.money("0.03"))
    }

    @Test("service messages charged from a date are a data change: free before it, priced after it")
    func serviceFromDate() {
        let card = RateCard(rates: [Self.rate("1", "service", "0.004", from: Fx.at(days: 10))])
        let before = cost(Fx.text(.whatsapp), card, now: Fx.at(hours: 1))
        #expect(before.free && before.category == .service)
        var recent = Fx.conversation(.whatsapp)
        recent.lastInboundAt = Fx.at(days: 10)
        let after = Fx.decide(Fx.text(.whatsapp), recent, Fx.accountState { $0.rateCard = card }, now: Fx.at(hours: 1, days: 10)).cost
        #expect(after.price == Fx.money("0.004") && !after.free)
    }

    @Test("the currency comes with the rate; without a rate the price table applies")
    func currencyAndFallback() {
        let card = RateCard(rates: [Self.rate("49", "marketing", "0.1131", currency: "eur")])
        let german = cost(template(to: "4915112345678"), card)
        #expect(german.price == Fx.money("0.1131") && german.currency == "EUR")
        #expect(german.json["price"] == "0.1131")
        let american = cost(template(to: "16505551234"), card)
        #expect(american.price == Fx.money("0.025") && american.currency == "USD")
        #expect(!american.reason.contains("rate card"))
    }

    @Test("SMS: the rate card's per-segment price times the segments")
    func smsSegments() {
        let card = RateCard(rates: [Self.rate("1", "message", "0.01", channel: .sms)])
        let text = String(repeating: "a", count: 161)
        let sms = cost(Fx.text(.sms, text), card, now: Fx.t0)
        #expect(sms.price == Fx.money("0.02") && sms.category == .message)
    }
}
