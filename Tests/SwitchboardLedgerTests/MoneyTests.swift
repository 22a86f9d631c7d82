import Foundation
import Testing

@testable import SwitchboardLedger

@Suite struct MoneyTests {
    @Test func parsesAndPrintsDecimalStrings() {
        #expect(Money(decimalString: "0.0250")?.micros == 25_000)
        #expect(Money(decimalString: "10")?.decimalString == "10.00")
        #expect(Money(decimalString: "-1.5")?.decimalString == "-1.50")
        #expect(Money(decimalString: "0.000001")?.decimalString == "0.000001")
        #expect(Money(decimalString: "1.0000001") == nil)
        #expect(Money(decimalString: "1e3") == nil)
        #expect(Money(decimalString: ".") == nil)
        #expect(Money(decimalString: "1.") == nil)
        #expect(Money(decimalString: "") == nil)
        #expect(Money(decimalString: "1,000") == nil)
    }

    @Test(
        "signs, a leading point and the shortest two-decimal form",
        arguments: [
            ("+3.00", 3_000_000, "3.00"), (".5", 500_000, "0.50"), ("-.25", -250_000, "-0.25"), ("0", 0, "0.00"), ("-0", 0, "0.00"),
            ("007.10", 7_100_000, "7.10"), ("0.123456", 123_456, "0.123456"), ("12.340000", 12_340_000, "12.34"),
        ])
    func signsAndForms(text: String, micros: Int64, printed: String) throws {
        let money = try #require(Money(decimalString: text))
        #expect(money.micros == micros)
        #expect(money.decimalString == printed)
        #expect(Money(decimalString: money.decimalString) == money)
    }

    @Test(
        "text that is not a plain decimal is refused",
        arguments: [
            "-", "+", "--1", "+-1", " 1", "1 ", "1.2.3", "١٢", "0x10", "1_000", "NaN", "inf", "1.5e2", "½", "-.", "1.-5",
        ])
    func refusesNonDecimals(text: String) {
        #expect(Money(decimalString: text) == nil)
    }

    @Test func limitsAreInclusiveAndNothingBeyondThemParses() {
        #expect(Money.limit.decimalString == "1000000000000.00")
        #expect(Money(decimalString: "1000000000000") == Money.limit)
        #expect(Money(decimalString: "-1000000000000") == Money.limit.negated)
        #expect(Money(decimalString: "1000000000000.000001") == nil)
        #expect(Money(decimalString: "9999999999999.99") == nil)
        #expect(Money(decimalString: "99999999999999") == nil)
        #expect(Money(decimalString: "999999999999.999999")?.micros == 999_999_999_999_999_999)
    }

    @Test func arithmeticReportsOverflowInsteadOfTrapping() {
        let max = Money(micros: .max)
        let min = Money(micros: .min)
        #expect(max.adding(Money(micros: 1)) == nil)
        #expect(min.subtracting(Money(micros: 1)) == nil)
        #expect(max.multiplied(by: 2) == nil)
        #expect(Money.limit.multiplied(by: 9)?.micros == 9 * Money.limit.micros)
        #expect(Money.limit.multiplied(by: 10) == nil)
        #expect(Money(micros: 25_000).multiplied(by: 3)?.decimalString == "0.075")
        #expect(Money(micros: 1).adding(Money(micros: 2))?.micros == 3)
        #expect(Money(micros: 1).subtracting(Money(micros: 2))?.decimalString == "-0.000001")
        // The extremes still print exactly.
        #expect(min.decimalString == "-9223372036854.775808")
        #expect(max.decimalString == "9223372036854.775807")
    }

    @Test func decimalsConvertExactlyOrNotAtAll() throws {
        #expect(Money(try #require(Decimal(string: "0.0250")))?.micros == 25_000)
        #expect(Money(try #require(Decimal(string: "-12.5")))?.decimalString == "-12.50")
        #expect(Money(try #require(Decimal(string: "0.0000001"))) == nil)
        #expect(Money(try #require(Decimal(string: "2000000000000"))) == nil)
        #expect(Money(micros: 1_234_567).decimal == Decimal(string: "1.234567"))
    }

    @Test func comparesBySignedAmount() {
        #expect(Money(micros: -1) < .zero)
        #expect(Money.zero < Money(micros: 1))
        #expect(Money(micros: -1).isNegative && !Money(micros: -1).isPositive)
        #expect(!Money.zero.isNegative && !Money.zero.isPositive)
        #expect(Money(micros: 5).negated == Money(micros: -5))
        #expect("\(Money(micros: 10_000_000))" == "10.00")
    }
}
