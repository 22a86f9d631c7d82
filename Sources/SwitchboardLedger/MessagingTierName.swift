import SwitchboardCore

/// Meta's messaging-limit tier names as the account webhooks write them (docs/providers.md §2.7, §2.9), in the one
/// spelling the policy reads: `TIER_250`, `TIER_2K`, `TIER_10K`, `TIER_100K`, `TIER_UNLIMITED`.
public enum MessagingTierName {
    /// The tier a webhook value names: a name (`TIER_10K`, `tier_10k`, `UNLIMITED` → `TIER_UNLIMITED`) or a number of
    /// contacts (`250`, `2000`, `10000`, `100000`). A name this build does not know (the retired `TIER_1K`) is kept
    /// as it is, upper case; `nil` for anything else.
    public static func normalized(_ value: JSONValue?) -> String? {
        if let text = value?.string {
            let name = text.filter { !$0.isWhitespace }.uppercased()
            guard !name.isEmpty else { return nil }
            if name == "UNLIMITED" { return "TIER_UNLIMITED" }
            if let count = Int(name) { return byCount[count] }
            return name
        }
        return value?.int.flatMap { byCount[$0] }
    }

    /// The tier a `phone_number_quality_update` or `business_capability_update` value names: the portfolio's field
    /// first (`whatsapp_business_manager_messaging_limit`, `max_daily_conversations_per_business`: since October 2025
    /// the limit belongs to the portfolio), then the number's `current_limit`, then the per-phone capability
    /// (`max_daily_conversation_per_phone`).
    public static func tier(in attributes: JSONObject) -> String? {
        let fields = [
            "whatsapp_business_manager_messaging_limit", "max_daily_conversations_per_business", "current_limit",
            "max_daily_conversation_per_phone",
        ]
        for field in fields {
            if let tier = normalized(attributes[field]) { return tier }
        }
        return nil
    }

    private static let byCount: [Int: String] = [250: "TIER_250", 2000: "TIER_2K", 10_000: "TIER_10K", 100_000: "TIER_100K"]
}
