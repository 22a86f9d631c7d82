import SwitchboardCore

/// How the canonical events of the WhatsApp account webhooks (docs/providers.md §2.9–2.10) become account changes.
///
/// The WhatsApp decoder (`WhatsAppCloudInbound`, shared by Meta and 360dialog) turns every change that is not
/// `messages` into an `event` whose `event.type` names it (`template_status`, `template_quality`,
/// `template_category`, `quality_update`, `account_update`, `capability_update`) and whose attributes are the
/// value's own members plus `field`; statuses keep their provider errors in `errors`. This reads those, never the
/// raw provider JSON.
extension AccountChange {
    /// The `event.type`s that concern a business account rather than one contact: their `account` is the WhatsApp
    /// Business Account id (the webhook's `entry.id`), which the pipeline maps to the connections naming it in
    /// `options.business_account_id`.
    public static let accountEventTypes: Set<String> = [
        "template_status", "template_quality", "template_category", "quality_update", "account_update", "capability_update",
        "display_name_update", "account_review", "account_alert",
    ]

    /// Provider error codes recorded on the account: 131042, a payment problem that stops paid sends.
    public static let accountProblemCodes: Set<String> = ["131042"]
    /// Provider error codes recorded on the contact: 131049 (per-user marketing limit), 131050 (marketing stopped).
    public static let contactProblemCodes: Set<String> = ["131049", "131050"]

    /// Whether `event` concerns a business account as a whole (a template, the messaging limit, a restriction).
    public static func isAccountLevel(_ event: CanonicalEvent) -> Bool {
        guard event.kind == .event, event.channel == .whatsapp, let type = event.event?.type else { return false }
        return accountEventTypes.contains(type)
    }

    /// The account changes one canonical event reports, for each of `connections` (docs/providers.md §2.9–2.10).
    ///
    /// - `template_status`: the template's status (webhook `FLAGGED` and `REINSTATED` are folded in by
    ///   ``TemplateCatalog/applying(_:)``), category and reason; `template_quality`: its quality;
    ///   `template_category`: its new category (`new_category`; a `correct_category` announced for later is not yet
    ///   in force).
    /// - `quality_update` (`phone_number_quality_update`): the messaging tier (`current_limit`, or the portfolio's
    ///   `whatsapp_business_manager_messaging_limit` / `max_daily_conversations_per_business`) and, for `FLAGGED` /
    ///   `UNFLAGGED`, the quality; `capability_update`: the portfolio's tier.
    /// - `account_update` `ACCOUNT_RESTRICTION`: the restrictions in force (an empty list lifts them).
    /// - a `status` with error 131042: a payment problem on the account; 131049 / 131050: a problem on the contact.
    ///
    /// An event without a time changes nothing (every change is dated); a channel other than WhatsApp neither.
    public static func changes(from event: CanonicalEvent, connections: [String]) -> [AccountChange] {
        guard event.channel == .whatsapp, let at = event.timestamp else { return [] }
        switch event.kind {
        case .status:
            return problems(of: event, connections: connections, at: at)
        case .event:
            guard let detail = event.event else { return [] }
            let attributes = detail.attributes
            switch detail.type {
            case "template_status", "template_quality", "template_category":
                guard let update = templateUpdate(type: detail.type, attributes: attributes, at: at) else { return [] }
                return connections.map { .template(connection: $0, update) }
            case "quality_update", "capability_update":
                let tier = MessagingTierName.tier(in: attributes)
                let quality = detail.type == "quality_update" ? phoneQuality(attributes["event"]?.string) : nil
                guard tier != nil || quality != nil else { return [] }
                return connections.map { .limit(connection: $0, tier: tier, quality: quality, at: at) }
            case "account_update":
                guard attributes["event"]?.string?.uppercased() == "ACCOUNT_RESTRICTION" else { return [] }
                let restrictions = Self.restrictions(attributes["restriction_info"])
                return connections.map { .restrictions(connection: $0, restrictions, at: at) }
            default:
                return []
            }
        case .message, .edit, .delete:
            return []
        }
    }

    /// The template a template webhook names and what it says changed; `nil` without a name.
    static func templateUpdate(type: String, attributes: JSONObject, at: Timestamp) -> TemplateUpdate? {
        guard let name = attributes["message_template_name"]?.string, !name.isEmpty else { return nil }
        var update = TemplateUpdate(
            name: name, language: attributes["message_template_language"]?.string ?? "",
            providerID: attributes["message_template_id"]?.identifier, at: at)
        switch type {
        case "template_status":
            update.status = attributes["event"]?.string?.uppercased()
            update.category = attributes["message_template_category"]?.string?.lowercased()
            update.reason = templateReason(attributes)
        case "template_quality":
            update.quality = attributes["new_quality_score"]?.string?.uppercased()
        default:
            update.category = attributes["new_category"]?.string?.lowercased()
        }
        guard update.status != nil || update.quality != nil || update.category != nil else { return nil }
        return update
    }

    /// `reason` (without Meta's `NONE`), then `rejection_info.reason` and `other_info.description`, joined by `: `.
    static func templateReason(_ attributes: JSONObject) -> String? {
        var parts: [String] = []
        if let code = attributes["reason"]?.string, !code.isEmpty, code.uppercased() != "NONE" { parts.append(code) }
        for text in [attributes["rejection_info"]?["reason"]?.string, attributes["other_info"]?["description"]?.string] {
            if let text, !text.isEmpty { parts.append(text) }
        }
        return parts.isEmpty ? nil : parts.joined(separator: ": ")
    }

    /// A phone number's quality event that says something about quality: `FLAGGED` (quality fell) and `UNFLAGGED`
    /// (it recovered). `UPGRADE`, `DOWNGRADE` and the others change the tier only.
    static func phoneQuality(_ event: String?) -> String? {
        guard let event = event?.uppercased(), event == "FLAGGED" || event == "UNFLAGGED" else { return nil }
        return event
    }

    /// `restriction_info[{restriction_type, expiration}]` (expiration in unix seconds, absent: no expiry).
    static func restrictions(_ info: JSONValue?) -> [AccountStatus.Restriction] {
        (info?.array ?? []).compactMap { item in
            guard let type = item["restriction_type"]?.string, !type.isEmpty else { return nil }
            let expiry = item["expiration"]?.int64.flatMap { Timestamp(unixSeconds: $0) }
            return AccountStatus.Restriction(type: type.uppercased(), expiresAt: expiry)
        }
    }

    /// The account and contact problems a status's provider errors report.
    static func problems(of event: CanonicalEvent, connections: [String], at: Timestamp) -> [AccountChange] {
        var changes: [AccountChange] = []
        for error in event.errors {
            let note = AccountStatus.ProblemNote(code: error.code, message: error.detail ?? error.title, at: at)
            if accountProblemCodes.contains(error.code) {
                changes += connections.map { .accountProblem(connection: $0, note) }
            } else if contactProblemCodes.contains(error.code), let conversation = event.conversation {
                changes.append(.contactProblem(conversation: conversation, note))
            }
        }
        return changes
    }
}
