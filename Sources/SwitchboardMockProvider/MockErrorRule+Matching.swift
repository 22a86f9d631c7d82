extension MockErrorRule {
    /// Whether the rule concerns a request of `family` to `recipient` (before the rate is drawn).
    func matches(family: MockProviderFamily, recipient requestRecipient: String?) -> Bool {
        if let recipient {
            guard let requestRecipient, MockErrorRule.normalizedRecipient(requestRecipient) == recipient else { return false }
        }
        if let families { return families.contains(family) }
        let knownBy = MockProviderFamily.allCases.filter { MockErrorCatalog.entry(code: code, family: $0) != nil }
        return knownBy.isEmpty || knownBy.contains(family)
    }
}
