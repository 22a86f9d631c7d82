import MessageBirdAdapter
import Testing

@Suite struct MessageBirdScaffoldTests {
    @Test func providerIsRegistered() { #expect(!MessageBirdAdapter().provider.rawValue.isEmpty) }
}
