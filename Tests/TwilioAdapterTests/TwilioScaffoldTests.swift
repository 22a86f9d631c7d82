import Testing
import TwilioAdapter

@Suite struct TwilioScaffoldTests {
    @Test func providerIsRegistered() { #expect(!TwilioAdapter().provider.rawValue.isEmpty) }
}
