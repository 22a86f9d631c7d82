import SwitchboardCore

/// What the provider says about a connection's business account (docs/providers.md §2.9): messaging limit,
/// quality, restrictions, a payment problem; and what the operator set (the plan's contact cap). `nil`
/// members are unknown: the configuration's values apply.
public struct AccountStatus: Sendable, Hashable {
    /// Meta's tier name (`TIER_250`, `TIER_2K`, `TIER_10K`, `TIER_100K`, `TIER_UNLIMITED`) from
    /// `phone_number_quality_update.current_limit` or the portfolio field.
    public var messagingTier: String?
    /// `GREEN`, `YELLOW`, `RED`, `UNKNOWN`, or the quality event (`FLAGGED`, `UNFLAGGED`, ...).
    public var quality: String?
    /// Active restrictions (`RESTRICTED_BIZ_INITIATED_MESSAGING` until an expiry).
    public var restrictions: [Restriction]
    /// The last account-level provider problem that stops paid sends (131042 payment issue), with its time.
    public var paymentProblem: ProblemNote?
    /// The plan's contact cap set by the operator (overrides the configuration's `contact_cap`).
    public var contactCap: Int?
    /// Whether ``contactCap`` was set by the operator (a `nil` cap set through the API removes the limit).
    public var contactCapSet: Bool
    public var updatedAt: Timestamp?

    /// A restriction the provider placed on the account.
    public struct Restriction: Sendable, Hashable {
        public var type: String
        public var expiresAt: Timestamp?
        public init(type: String, expiresAt: Timestamp?) {
            self.type = type
            self.expiresAt = expiresAt
        }
    }

    /// A provider error recorded on the account or a contact.
    public struct ProblemNote: Sendable, Hashable {
        public var code: String
        public var message: String?
        public var at: Timestamp
        public init(code: String, message: String?, at: Timestamp) {
            self.code = code
            self.message = message
            self.at = at
        }
    }

    public init(
        messagingTier: String? = nil, quality: String? = nil, restrictions: [Restriction] = [], paymentProblem: ProblemNote? = nil,
        contactCap: Int? = nil, contactCapSet: Bool = false, updatedAt: Timestamp? = nil
    ) {
        self.messagingTier = messagingTier
        self.quality = quality
        self.restrictions = restrictions
        self.paymentProblem = paymentProblem
        self.contactCap = contactCap
        self.contactCapSet = contactCapSet
        self.updatedAt = updatedAt
    }

    /// Whether the operator set a contact cap (rather than removing one).
    public var hasOperatorCap: Bool { contactCapSet && contactCap != nil }

    /// Restrictions still in force at `now`.
    public func activeRestrictions(at now: Timestamp) -> [Restriction] {
        restrictions.filter { restriction in restriction.expiresAt.map { now < $0 } ?? true }
    }

    /// `{messaging_tier?, quality?, restrictions[], payment_problem?, contact_cap?, updated_at?}`.
    public var json: JSONValue {
        var object = JSONObject()
        object.set("messaging_tier", messagingTier.map(JSONValue.string))
        object.set("quality", quality.map(JSONValue.string))
        object.set(
            "restrictions",
            .array(
                restrictions.map { restriction in
                    var item = JSONObject()
                    item.set("type", .string(restriction.type))
                    item.set("expires_at", restriction.expiresAt.map { .string($0.rfc3339) })
                    return .object(item)
                }))
        if let problem = paymentProblem {
            var item = JSONObject()
            item.set("code", .string(problem.code))
            item.set("message", problem.message.map(JSONValue.string))
            item.set("at", .string(problem.at.rfc3339))
            object.set("payment_problem", .object(item))
        }
        if contactCapSet { object.set("contact_cap", contactCap.map { .int(Int64($0)) } ?? .null) }
        object.set("updated_at", updatedAt.map { .string($0.rfc3339) })
        return .object(object)
    }
}

/// A contact's recorded consent to business-initiated messages, with its evidence.
public struct ConsentRecord: Sendable, Hashable {
    /// Where it was given (`web_form`, `checkout`, `keyword`, `provider`).
    public var source: String
    /// What the contact was shown or said (the text of the form, the keyword).
    public var evidence: String?
    /// When it was given.
    public var at: Timestamp
    /// Who recorded it (`api:<key id>`, `provider:<connection>`).
    public var actor: String

    public init(source: String, evidence: String?, at: Timestamp, actor: String) {
        self.source = source
        self.evidence = evidence
        self.at = at
        self.actor = actor
    }
}

/// One operator action that is not a money movement (consent, block, contact cap, price import, template sync):
/// the audit list shows who did what, when.
public struct AuditEntry: Sendable, Hashable {
    public var sequence: Int64
    public var at: Timestamp
    public var actor: String
    /// `consent.record`, `consent.revoke`, `block`, `unblock`, `contact_cap.set`, `prices.import`, `templates.sync`.
    public var action: String
    /// The conversation or connection it concerns.
    public var target: String
    public var detail: JSONValue

    public init(sequence: Int64 = 0, at: Timestamp, actor: String, action: String, target: String, detail: JSONValue = .null) {
        self.sequence = sequence
        self.at = at
        self.actor = actor
        self.action = action
        self.target = target
        self.detail = detail
    }

    public var json: JSONValue {
        var object = JSONObject()
        object.set("sequence", .int(sequence))
        object.set("at", .string(at.rfc3339))
        object.set("actor", .string(actor))
        object.set("action", .string(action))
        object.set("target", .string(target))
        if detail != .null { object.set("detail", detail) }
        return .object(object)
    }
}
