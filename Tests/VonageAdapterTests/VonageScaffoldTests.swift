import Testing
import VonageAdapter

@Suite struct VonageScaffoldTests {
    @Test func providerIsRegistered() { #expect(!VonageAdapter().provider.rawValue.isEmpty) }
}
