import SwitchboardCore

extension AccountChange {
    /// The account changes one canonical event reports, for each of `connections` (docs/providers.md §2.9–2.10).
    public static func changes(from event: CanonicalEvent, connections: [String]) -> [AccountChange] {
        []
    }
}
