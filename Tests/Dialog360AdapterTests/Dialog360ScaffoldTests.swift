import Dialog360Adapter
import Testing

@Suite struct Dialog360ScaffoldTests {
    @Test func providerIsRegistered() { #expect(!Dialog360Adapter().provider.rawValue.isEmpty) }
}
