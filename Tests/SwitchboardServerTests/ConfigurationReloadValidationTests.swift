import SwitchboardAdapters
import SwitchboardLedger
import SwitchboardServer
import SwitchboardStore
import Testing

/// The ledger keys of `outbound:` as `config check` and the SIGHUP reload validate them (one loader for both):
/// every bad value is named with its line and key.
@Suite("Configuration: the wallet keys of outbound blocks, checked as config check and the reload do")
struct ConfigurationReloadValidationTests {
    let loader = ConfigurationLoader(secrets: SecretSource(environment: [:]), knownProviders: Set(StandardAdapters.registry.providers))

    func yaml(_ outbound: [String]) -> String {
        var lines = ["connections:"]
        for (index, block) in outbound.enumerated() {
            lines += [
                "  - name: c\(index)", "    provider: twilio", "    channel: sms", "    account: \"+1500555000\(index)\"", "    outbound:",
            ]
            lines += block.split(separator: "\n").map { "      " + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func problems(_ yaml: String) -> [String] {
        do {
            _ = try loader.load(yaml: yaml)
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    @Test("wallet keys read exactly; two connections sharing a wallet make one opening; portfolio and currency kept")
    func sharedWallet() throws {
        let configuration = try loader.load(
            yaml: yaml([
                "prepaid_balance: \"10.000001\"\nwallet: acme\nlow_balance: 2\nportfolio: acme-portfolio\ncurrency: eur",
                "wallet: acme\ncurrency: EUR",
            ]))
        let sending = configuration.sending
        #expect(sending.accounts["c0"]?.prepaidBalance == Money(micros: 10_000_001))
        #expect(sending.accounts["c0"]?.portfolioID(connection: "c0") == "acme-portfolio")
        #expect(sending.accounts["c1"]?.walletID(connection: "c1") == "acme")
        #expect(sending.accounts["c1"]?.portfolioID(connection: "c1") == "c1")
        #expect(
            sending.walletOpenings
                == [
                    WalletOpening(
                        id: "acme", currency: "EUR", openingBalance: Money(micros: 10_000_001), lowThreshold: Money(micros: 2_000_000))
                ])
    }

    @Test("a connection without prepaid_balance or wallet is not prepaid and opens no wallet")
    func notPrepaid() throws {
        let configuration = try loader.load(yaml: yaml(["contact_cap: 10"]))
        #expect(configuration.sending.accounts["c0"]?.walletID(connection: "c0") == nil)
        #expect(configuration.sending.walletOpenings.isEmpty)
    }

    @Test("bad values are named with their line and key: 7 decimals, negative, not a number, currency, sharing disagreements")
    func problemsNamed() {
        #expect(
            problems(yaml(["prepaid_balance: 1.0000001"]))
                == [
                    "line 7: connections[0].outbound.prepaid_balance: has more than 6 decimals (amounts are exact to a millionth), got \"1.0000001\""
                ])
        #expect(
            problems(yaml(["prepaid_balance: \"-5\""])) == [
                "line 7: connections[0].outbound.prepaid_balance: must not be negative, got \"-5\""
            ])
        #expect(
            problems(yaml(["prepaid_balance: 1e3"]))
                == ["line 7: connections[0].outbound.prepaid_balance: expected a decimal amount such as \"10.00\", got \"1e3\""])
        #expect(
            problems(yaml(["prepaid_balance: 1\ncurrency: dollars"]))
                == ["line 8: connections[0].outbound.currency: expected an ISO 4217 code such as USD, got \"dollars\""])
        #expect(
            problems(yaml(["low_balance: 1"]))
                == ["line 7: connections[0].outbound.low_balance: needs a prepaid wallet: set prepaid_balance or wallet"])
        #expect(
            problems(yaml(["wallet: shared\ncurrency: EUR", "wallet: shared"]))
                == [
                    "line 14: connections[1].outbound.currency: wallet \"shared\" is in EUR on connection \"c0\"; connections sharing a wallet must agree on its currency"
                ])
        #expect(
            problems(yaml(["wallet: shared\nprepaid_balance: 5", "wallet: shared\nprepaid_balance: 6"]))
                == [
                    "line 15: connections[1].outbound.prepaid_balance: wallet \"shared\" opens with 5.00 on connection \"c0\"; state the opening balance once"
                ])
        // A connection's own wallet is named after it: another connection naming that wallet shares it.
        #expect(problems(yaml(["prepaid_balance: 5\ncurrency: EUR", "wallet: c0"])).first?.contains("must agree on its currency") == true)
    }
}
