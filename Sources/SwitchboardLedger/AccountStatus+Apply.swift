import SwitchboardCore

extension AccountStatus {
    /// The status after a provider-reported `change` (pure; the stores save the result in the append's
    /// transaction). Template and contact changes leave the account status as it is.
    ///
    /// - `limit`: the reported tier and quality replace the known ones; an absent member keeps its value.
    /// - `restrictions`: the reported list replaces the known one (an empty list lifts them).
    /// - `accountProblem`: the problem becomes the account's payment problem.
    public func applying(_ change: AccountChange) -> AccountStatus {
        var next = self
        switch change {
        case .limit(_, let tier, let quality, let at):
            if let tier { next.messagingTier = tier.uppercased() }
            if let quality { next.quality = quality.uppercased() }
            next.updatedAt = at
        case .restrictions(_, let restrictions, let at):
            next.restrictions = restrictions
            next.updatedAt = at
        case .accountProblem(_, let note):
            next.paymentProblem = note
            next.updatedAt = note.at
        case .template, .contactProblem:
            break
        }
        return next
    }
}

extension TemplateRecord {
    /// The status a template webhook's event leaves: `REINSTATED` is approved again; `FLAGGED` (quality at
    /// risk, still sendable) keeps the current status; anything else is the new status.
    static func status(after event: String, current: String?) -> String {
        switch event.uppercased() {
        case "REINSTATED": "APPROVED"
        case "FLAGGED": current ?? "APPROVED"
        default: event.uppercased()
        }
    }

    /// The record after `update` (the members the webhook gives replace the known ones).
    public func applying(_ update: TemplateUpdate) -> TemplateRecord {
        var next = self
        if let status = update.status { next.status = Self.status(after: status, current: self.status) }
        if let category = update.category { next.category = category.lowercased() }
        if let quality = update.quality { next.quality = quality.uppercased() }
        if let reason = update.reason { next.reason = reason }
        if let providerID = update.providerID { next.providerID = providerID }
        next.updatedAt = update.at
        return next
    }

    /// A record for a template the catalog did not list yet, from its first webhook. Without a status in the
    /// webhook it is `PENDING` (not sendable) until a sync or a status webhook says more.
    public init(update: TemplateUpdate) {
        self.init(
            name: update.name, language: update.language,
            status: update.status.map { Self.status(after: $0, current: nil) } ?? "PENDING", category: update.category,
            quality: update.quality, reason: update.reason, providerID: update.providerID, updatedAt: update.at)
    }
}

extension TemplateCatalog {
    /// The catalog after a template webhook: the template keyed by (name, language) is updated, or added when
    /// the catalog did not list it. `syncedAt` is unchanged: a webhook is not a full listing.
    public func applying(_ update: TemplateUpdate) -> TemplateCatalog {
        var next = self
        if let index = templates.firstIndex(where: { $0.name == update.name && $0.language == update.language }) {
            next.templates[index] = templates[index].applying(update)
        } else {
            next.templates.append(TemplateRecord(update: update))
        }
        return next
    }
}

extension ContactFlags {
    /// The flags after a provider-reported `change`: a contact problem is remembered; every other change
    /// leaves the flags as they are.
    public func applying(_ change: AccountChange) -> ContactFlags {
        guard case .contactProblem(_, let note) = change else { return self }
        var next = self
        next.providerProblem = note
        return next
    }
}
