import SwitchboardCore
import SwitchboardLedger

/// What the ledger holds that a person needs to understand (or fix) a decision: the wallet's money, the
/// contact's attachment quota, the messaging limit, the template's status, the contact cap, the account's
/// restrictions. Every decision carries it (`ledger` in its JSON), refusals included.
public struct DecisionLedger: Sendable, Hashable {
    /// The contact's attachment bytes this month.
    public struct AttachmentQuota: Sendable, Hashable {
        /// `YYYY-MM` (UTC).
        public var month: String
        /// Bytes already sent or reserved this month, before this message.
        public var used: Int64
        public var limit: Int64
        /// This message's bytes as the quota counts them.
        public var message: Int64
        /// What may still be sent this month, before this message.
        public var left: Int64 { max(0, limit - used) }
    }

    /// The WhatsApp messaging limit of the portfolio.
    public struct MessagingLimit: Sendable, Hashable {
        public var tier: String
        /// Unique contacts per rolling 24 h; `nil` for unlimited.
        public var limit: Int?
        /// Unique contacts reached outside the window in the rolling 24 h.
        public var used: Int
        /// Whether this contact is among them (reaching them again does not count).
        public var contactReached: Bool
        /// The provider's quality rating, when it reported one.
        public var quality: String?
        public var left: Int? { limit.map { max(0, $0 - used) } }
    }

    /// A template message's template as the catalog (or the configuration) knows it.
    public struct Template: Sendable, Hashable {
        public var name: String
        public var language: String?
        /// The catalog's status (`APPROVED`, `PAUSED`, ...); `APPROVED` for a configured template; `nil` when
        /// neither knows it.
        public var status: String?
        public var category: String?
        public var quality: String?
        public var reason: String?
        /// Whether the provider's catalog is known.
        public var catalogKnown: Bool
        /// Where the status comes from: `catalog`, `configuration`, or `none`.
        public var source: String
    }

    /// The plan's contact cap.
    public struct ContactCap: Sendable, Hashable {
        public var limit: Int
        /// Distinct contacts the account has.
        public var used: Int
        public var contactKnown: Bool
    }

    /// The prepaid wallet, when the connection is prepaid.
    public var wallet: WalletState?
    /// `nil` for sender actions.
    public var attachmentQuota: AttachmentQuota?
    /// WhatsApp only.
    public var messagingLimit: MessagingLimit?
    /// WhatsApp templates only.
    public var template: Template?
    /// When a cap is set.
    public var contactCap: ContactCap?
    /// The provider's restrictions in force.
    public var restrictions: [AccountStatus.Restriction]

    public init(
        wallet: WalletState? = nil, attachmentQuota: AttachmentQuota? = nil, messagingLimit: MessagingLimit? = nil,
        template: Template? = nil, contactCap: ContactCap? = nil, restrictions: [AccountStatus.Restriction] = []
    ) {
        self.wallet = wallet
        self.attachmentQuota = attachmentQuota
        self.messagingLimit = messagingLimit
        self.template = template
        self.contactCap = contactCap
        self.restrictions = restrictions
    }

    /// The ledger as `context` sees it.
    init(_ context: PolicyContext) {
        wallet = context.wallet
        if !context.isSenderAction {
            let month = context.monthKey
            attachmentQuota = AttachmentQuota(
                month: month, used: context.conversation.attachmentBytesByMonth[month] ?? 0,
                limit: context.configuration.monthlyAttachmentQuotaBytes,
                message: context.message.content.attachments.isEmpty ? 0 : context.attachmentBytes)
        }
        if context.message.channel == .whatsapp {
            let tier = context.messagingTier
            messagingLimit = MessagingLimit(
                tier: tier.rawValue, limit: context.configuration.messagingTierLimits[tier],
                used: context.account.uniqueBusinessInitiatedContacts24h, contactReached: context.account.contactReachedInLast24h,
                quality: context.account.status.quality)
        }
        if let resolved = context.resolvedTemplate {
            let record = resolved.record
            let configured = record == nil && !resolved.catalogKnown ? resolved.configured : nil
            template = Template(
                name: resolved.name, language: resolved.language ?? record?.language,
                status: record?.status ?? (configured != nil ? "APPROVED" : nil), category: resolved.category,
                quality: record?.quality, reason: record?.reason, catalogKnown: resolved.catalogKnown,
                source: record != nil ? "catalog" : configured != nil ? "configuration" : "none")
        }
        if let cap = context.contactCap {
            contactCap = ContactCap(limit: cap, used: context.account.knownContacts, contactKnown: context.account.contactIsKnown)
        }
        restrictions = context.activeRestrictions
    }

    /// `{wallet?, balance?, held?, available?, currency?, attachment_quota?{month, used, left, limit, message},
    /// messaging_limit?{tier, limit?, used, left?, contact_reached, quality?}, template?{name, language?, status?,
    /// category?, quality?, reason?, catalog: known|unknown, source}, contact_cap?{limit, used, contact_known},
    /// restrictions?[{type, expires_at?}]}`; money as decimal strings.
    public var json: JSONValue {
        var object = JSONObject()
        if let wallet {
            object.set("wallet", .string(wallet.id))
            object.set("balance", .string(wallet.balance.decimalString))
            object.set("held", .string(wallet.held.decimalString))
            object.set("available", .string(wallet.available.decimalString))
            object.set("currency", .string(wallet.currency))
        }
        if let quota = attachmentQuota {
            var item = JSONObject()
            item.set("month", .string(quota.month))
            item.set("used", .int(quota.used))
            item.set("left", .int(quota.left))
            item.set("limit", .int(quota.limit))
            item.set("message", .int(quota.message))
            object.set("attachment_quota", .object(item))
        }
        if let limit = messagingLimit {
            var item = JSONObject()
            item.set("tier", .string(limit.tier))
            item.set("limit", limit.limit.map { .int($0) })
            item.set("used", .int(limit.used))
            item.set("left", limit.left.map { .int($0) })
            item.set("contact_reached", .bool(limit.contactReached))
            item.set("quality", limit.quality.map(JSONValue.string))
            object.set("messaging_limit", .object(item))
        }
        if let template {
            var item = JSONObject()
            item.set("name", .string(template.name))
            item.set("language", template.language.map(JSONValue.string))
            item.set("status", template.status.map(JSONValue.string))
            item.set("category", template.category.map(JSONValue.string))
            item.set("quality", template.quality.map(JSONValue.string))
            item.set("reason", template.reason.map(JSONValue.string))
            item.set("catalog", .string(template.catalogKnown ? "known" : "unknown"))
            item.set("source", .string(template.source))
            object.set("template", .object(item))
        }
        if let cap = contactCap {
            var item = JSONObject()
            item.set("limit", .int(cap.limit))
            item.set("used", .int(cap.used))
            item.set("contact_known", .bool(cap.contactKnown))
            object.set("contact_cap", .object(item))
        }
        if !restrictions.isEmpty {
            let items = restrictions.map { restriction -> JSONValue in
                var item = JSONObject()
                item.set("type", .string(restriction.type))
                item.set("expires_at", restriction.expiresAt.map { .string($0.rfc3339) })
                return .object(item)
            }
            object.set("restrictions", .array(items))
        }
        return .object(object)
    }
}
