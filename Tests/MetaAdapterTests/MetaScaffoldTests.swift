import MetaAdapter
import Testing

@Suite struct MetaScaffoldTests {
    @Test func providerName() { #expect(MetaAdapter().provider.rawValue == "meta") }
}
