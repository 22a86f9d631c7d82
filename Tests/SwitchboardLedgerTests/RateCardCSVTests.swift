import SwitchboardCore
import Testing

@testable import SwitchboardLedger

/// `RateCard(csv:)`: a price table import, all or nothing, every bad line reported with its number.
@Suite struct RateCardCSVTests {
    static func problems(_ csv: String) -> [RateCardCSVProblem] {
        do {
            _ = try RateCard(csv: csv)
            return []
        } catch {
            return error.problems
        }
    }

    @Test func readsAWellFormedTable() throws {
        let csv = """
            calling_code,category,price,currency,effective_from,channel
            1,marketing,0.0250,USD,2025-07-01,whatsapp
            +44,Utility,0.0220,usd,2025-07-01T00:00:00Z,
            *,service,0.0040,USD,2026-10-01,whatsapp
            1,marketing,0.0079,USD,2025-07-01,sms

            """
        let card = try RateCard(csv: csv, importedAt: Timestamp(milliseconds: 5), importedBy: "api:k")
        #expect(card.rates.count == 4)
        #expect(card.importedBy == "api:k")
        #expect(card.importedAt == Timestamp(milliseconds: 5))
        let uk = card.rates[1]
        #expect(uk.callingCode == "44")
        #expect(uk.category == "utility")
        #expect(uk.currency == "USD")
        #expect(uk.channel == .whatsapp)
        #expect(uk.price == Money(micros: 22_000))
        #expect(uk.effectiveFrom == Timestamp(year: 2025, month: 7, day: 1))
        #expect(card.rates[2].callingCode == "*")
        #expect(card.rates[3].channel == .sms)
        // The imported table prices what it says.
        #expect(
            card.rate(channel: .whatsapp, category: "service", recipient: "4915123", at: Timestamp(year: 2026, month: 10, day: 2)!)?.price
                == Money(micros: 4_000))
    }

    @Test func columnsMayComeInAnyOrderWithoutChannelAndWithQuotesCRLFAndABOM() throws {
        let csv =
            "\u{FEFF}price,\"currency\",calling_code,effective_from,category\r\n\"0.0250\",USD,1,2025-07-01,\"market\"\"ing\"\r\n"
            + "0.01, EUR ,49,2025-07-01,utility\r\n"
        #expect(Self.problems(csv).map(\.code) == [.badCategory])
        let good = try RateCard(csv: csv.replacingOccurrences(of: "\"market\"\"ing\"", with: "\"marketing\""))
        #expect(good.rates.map(\.callingCode) == ["1", "49"])
        #expect(good.rates.map(\.currency) == ["USD", "EUR"])
        #expect(good.rates.allSatisfy { $0.channel == .whatsapp })
    }

    @Test func everyBadLineIsReportedWithItsNumberAndItsProblems() {
        let csv = """
            calling_code,category,price,currency,effective_from,channel
            1,marketing,0.0250,USD,2025-07-01,whatsapp
            1x,marketing,0.0250,USD,2025-07-01,whatsapp
            44,,-0.01,US,2025-13-01,whatsapp
            44,marketing,1e-2,USD,yesterday,fax
            44,marketing,0.0250,USD
            1,marketing,0.0300,USD,2025-07-01,whatsapp
            1234567,marketing,0.0000001,DOLLAR,2025-07-01,whatsapp
            """
        let found = Self.problems(csv)
        #expect(found.map(\.line) == [3, 4, 4, 4, 4, 5, 5, 5, 6, 7, 8, 8, 8])
        #expect(
            found.map(\.code) == [
                .badCallingCode, .badCategory, .badPrice, .badCurrency, .badDate, .badPrice, .badDate, .badChannel, .badFields, .duplicate,
                .badCallingCode, .badPrice, .badCurrency,
            ])
        #expect(found[9].message.contains("line 2 already prices"))
        #expect(found[0].description.hasPrefix("line 3: calling_code \"1x\""))
    }

    @Test(
        "header problems stop the import at line 1",
        arguments: [
            "calling_code,category,price,currency", "calling_code,category,price,currency,effective_from,colour",
            "calling_code,category,price,price,currency,effective_from", "\"calling_code,category,price,currency,effective_from",
        ])
    func badHeaders(header: String) {
        let found = Self.problems(header + "\n1,marketing,0.01,USD,2025-01-01\n")
        #expect(found.count == 1)
        #expect(found.first?.line == 1)
        #expect(found.first?.code == .badHeader || found.first?.code == .badFields)
    }

    @Test func anEmptyFileOrAHeaderAloneImportsNothing() {
        #expect(Self.problems("").map(\.code) == [.empty])
        #expect(Self.problems("\n\n").map(\.code) == [.empty])
        #expect(Self.problems("calling_code,category,price,currency,effective_from\n\n").map(\.code) == [.empty])
    }

    @Test func aQuotedFieldMaySpanLinesAndKeepsTheRecordsFirstLineNumber() {
        let csv = "calling_code,category,price,currency,effective_from\n1,\"mark\neting\",0.01,USD,2025-01-01\n1,x y,0.01,USD,2025-01-01\n"
        let found = Self.problems(csv)
        #expect(found.map(\.line) == [2, 4])
        #expect(found.map(\.code) == [.badCategory, .badCategory])
    }

    @Test func anUnterminatedQuoteIsReportedOnItsLine() {
        let found = Self.problems(
            "calling_code,category,price,currency,effective_from\n1,marketing,0.01,USD,2025-01-01\n1,\"marketing,0.01,USD,2025-01-01\n")
        #expect(found.map(\.line) == [3])
        #expect(found.map(\.code) == [.badFields])
    }

    @Test func theSameCodeAndCategoryOnAnotherDateOrChannelIsNoDuplicate() throws {
        let card = try RateCard(
            csv: """
                calling_code,category,price,currency,effective_from,channel
                1,marketing,0.0250,USD,2025-07-01,whatsapp
                1,marketing,0.0300,USD,2026-07-01,whatsapp
                1,marketing,0.0100,USD,2025-07-01,sms
                """)
        #expect(card.rates.count == 3)
    }

    @Test func problemsHaveAJSONForm() {
        let problem = RateCardCSVProblem(line: 3, code: .badPrice, message: "price \"x\" is not a decimal")
        #expect(problem.json["line"]?.int == 3)
        #expect(problem.json["code"]?.string == "bad_price")
    }
}
