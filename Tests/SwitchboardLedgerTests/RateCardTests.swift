import SwitchboardCore
import Testing

@testable import SwitchboardLedger

/// `RateCard.rate(channel:category:recipient:at:)`: the longest calling code, `*` last, the latest effective date
/// not after the time asked about.
@Suite struct RateCardTests {
    static func day(_ year: Int, _ month: Int, _ day: Int) -> Timestamp { Timestamp(year: year, month: month, day: day)! }

    static func rate(_ code: String, _ category: String, _ price: String, from: Timestamp, channel: Channel = .whatsapp) -> RateCard.Rate {
        RateCard.Rate(
            channel: channel, callingCode: code, category: category, price: Money(decimalString: price)!, currency: "usd",
            effectiveFrom: from)
    }

    static let card = RateCard(rates: [
        rate("*", "marketing", "0.0500", from: day(2025, 1, 1)),
        rate("1", "marketing", "0.0250", from: day(2025, 1, 1)),
        rate("1", "marketing", "0.0300", from: day(2026, 7, 1)),
        rate("1242", "marketing", "0.0400", from: day(2025, 1, 1)),
        rate("44", "marketing", "0.0529", from: day(2025, 1, 1)),
        rate("*", "service", "0.0000", from: day(2025, 1, 1)),
        rate("*", "service", "0.0040", from: day(2026, 10, 1)),
        rate("1", "marketing", "0.0100", from: day(2025, 1, 1), channel: .sms),
    ])

    @Test func theLongestCallingCodeWins() {
        #expect(
            Self.card.rate(channel: .whatsapp, category: "marketing", recipient: "12425550100", at: Self.day(2025, 6, 1))?.price
                .decimalString == "0.04")
        #expect(
            Self.card.rate(channel: .whatsapp, category: "marketing", recipient: "+16505551234", at: Self.day(2025, 6, 1))?.price
                .decimalString == "0.025")
        #expect(
            Self.card.rate(channel: .whatsapp, category: "marketing", recipient: "447700900123", at: Self.day(2025, 6, 1))?.price
                .decimalString == "0.0529")
    }

    @Test func theStarIsTheFallbackForEveryOtherCountry() {
        let rate = Self.card.rate(channel: .whatsapp, category: "marketing", recipient: "4915123456789", at: Self.day(2025, 6, 1))
        #expect(rate?.callingCode == "*")
        #expect(rate?.price.decimalString == "0.05")
    }

    @Test func theLatestRateInForceAtTheTimeApplies() {
        let before = Self.card.rate(channel: .whatsapp, category: "marketing", recipient: "16505551234", at: Self.day(2026, 6, 30))
        let on = Self.card.rate(channel: .whatsapp, category: "marketing", recipient: "16505551234", at: Self.day(2026, 7, 1))
        #expect(before?.price.decimalString == "0.025")
        #expect(on?.price.decimalString == "0.03")
    }

    @Test func serviceMessagesCostNothingUntilOctober2026ThenThePriceApplies() {
        let september = Self.card.rate(channel: .whatsapp, category: "service", recipient: "16505551234", at: Self.day(2026, 9, 30))
        let october = Self.card.rate(channel: .whatsapp, category: "service", recipient: "16505551234", at: Self.day(2026, 10, 1))
        #expect(september?.price == .zero)
        #expect(october?.price.decimalString == "0.004")
    }

    @Test func nothingAppliesBeforeTheFirstDateOrForAnUnknownCategoryOrChannel() {
        #expect(Self.card.rate(channel: .whatsapp, category: "marketing", recipient: "16505551234", at: Self.day(2024, 12, 31)) == nil)
        #expect(Self.card.rate(channel: .whatsapp, category: "utility", recipient: "16505551234", at: Self.day(2026, 1, 1)) == nil)
        #expect(Self.card.rate(channel: .telegram, category: "marketing", recipient: "16505551234", at: Self.day(2026, 1, 1)) == nil)
        #expect(Self.card.rate(channel: .sms, category: "marketing", recipient: "447700900123", at: Self.day(2026, 1, 1)) == nil)
    }

    @Test func categoriesAndCurrenciesAreNormalised() {
        let rate = Self.card.rate(channel: .whatsapp, category: "MARKETING", recipient: "16505551234", at: Self.day(2025, 6, 1))
        #expect(rate?.category == "marketing")
        #expect(rate?.currency == "USD")
    }
}
