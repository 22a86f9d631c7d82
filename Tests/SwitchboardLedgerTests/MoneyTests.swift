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
}
