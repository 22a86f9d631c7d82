import TelegramAdapter
import Testing

@Suite struct TelegramScaffoldTests {
    @Test func providerIsRegistered() { #expect(!TelegramAdapter().provider.rawValue.isEmpty) }
}
