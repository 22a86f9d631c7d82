import EmailAdapter
import Testing

@Suite struct EmailScaffoldTests {
    @Test func providerIsRegistered() { #expect(!EmailAdapter().provider.rawValue.isEmpty) }
}
