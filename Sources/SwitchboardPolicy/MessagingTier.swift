/// A WhatsApp business portfolio's messaging limit: unique contacts reachable outside the customer-service
/// window per rolling 24 h (docs/providers.md §2.7).
public enum MessagingTier: String, Sendable, Hashable, CaseIterable {
    case tier250 = "TIER_250"
    case tier2K = "TIER_2K"
    case tier10K = "TIER_10K"
    case tier100K = "TIER_100K"
    case unlimited = "TIER_UNLIMITED"

    /// 250 → 2,000 → 10,000 → 100,000 → unlimited.
    public static let defaultLimits: [MessagingTier: Int] = [
        .tier250: 250, .tier2K: 2000, .tier10K: 10_000, .tier100K: 100_000,
    ]

    /// Parses Meta's names (`TIER_250`, `TIER_2K`, `TIER_10K`, `TIER_100K`, `TIER_UNLIMITED`, and `UNLIMITED`
    /// as `phone_number_quality_update.current_limit` writes it).
    public init?(metaName: String) {
        let name = metaName.uppercased()
        self.init(rawValue: name == "UNLIMITED" ? "TIER_UNLIMITED" : name)
    }
}
