import Foundation
import SwitchboardCore
import SwitchboardLedger

extension PolicyConfiguration {
    /// The defaults overridden by the `policy:` section of the configuration file, given as JSON (the config
    /// loader turns YAML into ``JSONValue``). Every key is optional; docs/policy.md lists them. Unknown keys and
    /// wrong types are refused with the key's name.
    public init(json: JSONValue) throws(SwitchboardError) {
        self.init()
        guard let object = json.object else { throw Self.invalid("policy", "must be a mapping") }
        for (key, value) in object.members {
            switch key {
            case "service_window_hours": serviceWindow = try Self.hours(key, value)
            case "entry_point_reply_within_hours": entryPointReplyWithin = try Self.hours(key, value)
            case "entry_point_hours": entryPointLength = try Self.hours(key, value)
            case "human_agent_days": humanAgentWindow = try Self.hours(key, value, factor: 24)
            case "private_reply_days": privateReplyWindow = try Self.hours(key, value, factor: 24)
            case "attachment_quota_bytes": monthlyAttachmentQuotaBytes = try Self.integer(key, value)
            case "attachment_quota_mb":
                let (bytes, overflow) = try Self.integer(key, value).multipliedReportingOverflow(by: 1_000_000)
                guard !overflow else { throw Self.invalid(key, "must be at most \(Int64.max / 1_000_000)") }
                monthlyAttachmentQuotaBytes = bytes
            case "messaging_tier_limits":
                for (name, limit) in try Self.mapping(key, value) {
                    guard let tier = MessagingTier(metaName: name) else { throw Self.invalid("\(key).\(name)", "is not a known tier") }
                    messagingTierLimits[tier] = limit.isNull ? nil : Int(try Self.integer("\(key).\(name)", limit))
                }
            case "currency": prices.currency = try Self.text(key, value)
            case "prices":
                for (name, price) in try Self.mapping(key, value) {
                    guard let text = price.identifier, let decimal = Decimal(string: text) else {
                        throw Self.invalid("\(key).\(name)", "must be a number")
                    }
                    guard decimal >= 0, Money(decimal) != nil else {
                        throw Self.invalid("\(key).\(name)", "must be a price of 0 or more with at most 6 decimals")
                    }
                    prices.prices[name] = decimal
                }
            case "template_header_mime_types": templateHeaderMIMETypes = Set(try Self.strings(key, value))
            case "require_approved_templates": requireApprovedTemplates = try Self.flag(key, value)
            case "utility_free_inside_window": utilityFreeInsideWindow = try Self.flag(key, value)
            case "human_agent_tag": humanAgentTag = try Self.text(key, value)
            case "messenger_non_promotional_tags": messengerNonPromotionalTags = try Self.strings(key, value)
            case "instagram_tags": instagramTags = try Self.strings(key, value)
            case "attachments": try applyAttachments(value)
            case "text_limits": try applyTextLimits(value)
            default: throw Self.invalid(key, "is not a policy key")
            }
        }
    }

    /// `text_limits: {sms: {max_characters: 1600, max_segments: 10}, ...}`; null removes a limit.
    private mutating func applyTextLimits(_ value: JSONValue) throws(SwitchboardError) {
        for (channelName, channelValue) in try Self.mapping("text_limits", value) {
            let path = "text_limits.\(channelName)"
            guard let channel = Channel(rawValue: channelName) else { throw Self.invalid(path, "is not a channel") }
            var limit = textLimits[channel] ?? TextLimit()
            for (key, entry) in try Self.mapping(path, channelValue) {
                let number = entry.isNull ? nil : Int(try Self.integer("\(path).\(key)", entry))
                switch key {
                case "max_characters": limit.maxCharacters = number
                case "max_segments": limit.maxSegments = number
                default: throw Self.invalid("\(path).\(key)", "is not max_characters or max_segments")
                }
            }
            textLimits[channel] = limit
        }
    }

    private mutating func applyAttachments(_ value: JSONValue) throws(SwitchboardError) {
        for (channelName, channelValue) in try Self.mapping("attachments", value) {
            let path = "attachments.\(channelName)"
            guard let channel = Channel(rawValue: channelName) else { throw Self.invalid(path, "is not a channel") }
            var limits = attachmentLimits[channel] ?? ChannelAttachmentLimits(rules: [])
            for (key, entry) in try Self.mapping(path, channelValue) {
                switch key {
                case "max_count": limits.maxCount = entry.isNull ? nil : Int(try Self.integer("\(path).\(key)", entry))
                case "max_total_bytes": limits.maxTotalBytes = entry.isNull ? nil : try Self.integer("\(path).\(key)", entry)
                default:
                    guard let kind = Attachment.Kind(rawValue: key) else {
                        throw Self.invalid("\(path).\(key)", "is not an attachment kind")
                    }
                    var rule =
                        limits.rule(for: kind)
                        ?? ChannelAttachmentLimits.KindRule([kind], "\(kind.rawValue)s", mimeTypes: [], maxBytes: nil)
                    for (field, setting) in try Self.mapping("\(path).\(key)", entry) {
                        switch field {
                        case "mime_types": rule.mimeTypes = try Self.strings("\(path).\(key).\(field)", setting)
                        case "max_bytes": rule.maxBytes = setting.isNull ? nil : try Self.integer("\(path).\(key).\(field)", setting)
                        default: throw Self.invalid("\(path).\(key).\(field)", "is not mime_types or max_bytes")
                        }
                    }
                    // The override applies to this kind only.
                    rule.kinds = [kind]
                    limits.rules.removeAll { $0.kinds == [kind] }
                    limits.rules.insert(rule, at: 0)
                }
            }
            attachmentLimits[channel] = limits
        }
    }

    private static func invalid(_ key: String, _ problem: String) -> SwitchboardError {
        SwitchboardError(code: .invalidConfig, message: "policy.\(key) \(problem)")
    }

    /// The longest window a policy length can name: 100 years (keeps the milliseconds far inside Int64).
    private static let maxHours: Double = 876_000

    private static func hours(_ key: String, _ value: JSONValue, factor: Double = 1) throws(SwitchboardError) -> Duration {
        guard let number = value.double, number > 0 else { throw invalid(key, "must be a positive number") }
        guard number * factor <= maxHours else { throw invalid(key, "must be at most 100 years") }
        return .milliseconds(Int64((number * factor * 3_600_000).rounded()))
    }

    private static func integer(_ key: String, _ value: JSONValue) throws(SwitchboardError) -> Int64 {
        guard let number = value.int64, number >= 0 else { throw invalid(key, "must be a whole number, 0 or more") }
        return number
    }

    private static func flag(_ key: String, _ value: JSONValue) throws(SwitchboardError) -> Bool {
        guard let flag = value.bool else { throw invalid(key, "must be true or false") }
        return flag
    }

    private static func text(_ key: String, _ value: JSONValue) throws(SwitchboardError) -> String {
        guard let text = value.string, !text.isEmpty else { throw invalid(key, "must be a non-empty string") }
        return text
    }

    private static func strings(_ key: String, _ value: JSONValue) throws(SwitchboardError) -> [String] {
        guard let items = value.array else { throw invalid(key, "must be a list of strings") }
        var strings: [String] = []
        for item in items {
            guard let text = item.string else { throw invalid(key, "must be a list of strings") }
            strings.append(text)
        }
        return strings
    }

    private static func mapping(_ key: String, _ value: JSONValue) throws(SwitchboardError) -> [(key: String, value: JSONValue)] {
        guard let object = value.object else { throw invalid(key, "must be a mapping") }
        return Array(object.members)
    }
}
