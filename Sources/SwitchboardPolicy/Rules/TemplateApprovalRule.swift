import SwitchboardCore
import SwitchboardLedger

/// `template_approval`: a WhatsApp template must be approved in the language asked.
///
/// - When the provider's catalog is known: a template it lists as `APPROVED` passes; one it lists with
///   another status (`PAUSED`, `DISABLED`, `REJECTED`, `PENDING`, ...) is refused with that status and the
///   provider's reason, whatever `require_approved_templates` says (the provider would refuse it); one it does
///   not list is refused while `require_approved_templates` is true.
/// - Before any listing was read, a template a webhook reported is judged by its status as above; any other
///   template is judged by the configured templates when some are configured (and
///   `require_approved_templates` is true); with none configured the template passes, and the decision's
///   `ledger.template.catalog` says `unknown`.
public struct TemplateApprovalRule: PolicyRule {
    public let name = "template_approval"
    public init() {}

    public func evaluate(_ context: PolicyContext) -> RuleVerdict {
        guard context.conversation.channel == .whatsapp, let template = context.resolvedTemplate else { return .notApplicable }
        if template.catalogKnown || template.record != nil { return fromCatalog(template, context) }
        guard context.configuration.requireApprovedTemplates, !context.account.templates.isEmpty else { return .notApplicable }
        guard let approved = template.configured else {
            return refuse(
                "template_not_approved", "the template \"\(template.name)\" is not among the account's approved templates",
                remedy: "submit the template for approval, or use an approved one")
        }
        if !approved.languages.isEmpty, let language = template.language, !approved.languages.contains(language) {
            return refuse(
                "template_not_approved",
                "the template \"\(template.name)\" is approved in \(HumanText.list(approved.languages.sorted(), conjunction: "and")), not in \(language)",
                remedy: "use an approved language or have this translation approved")
        }
        return .notApplicable
    }

    private func fromCatalog(_ template: ResolvedTemplate, _ context: PolicyContext) -> RuleVerdict {
        let quoted = "\"\(template.name)\"" + (template.language.map { " (\($0))" } ?? "")
        guard let record = template.record else {
            guard context.configuration.requireApprovedTemplates else { return .notApplicable }
            if !template.catalogLanguages.isEmpty, let language = template.language {
                let languages = HumanText.list(template.catalogLanguages, conjunction: "and")
                return refuse(
                    "template_not_approved",
                    "the provider's template catalog has \"\(template.name)\" in \(languages), not in \(language)",
                    remedy: "use a listed language or have this translation approved")
            }
            let synced = context.account.catalog.syncedAt.map { " (read \(context.ago($0)))" } ?? ""
            return refuse(
                "template_not_approved", "the template \(quoted) is not in the provider's template catalog\(synced)",
                remedy: "submit the template for approval, use an approved one, or sync the catalog "
                    + "(POST /v1/connections/{connection}/templates/sync) if it was approved just now")
        }
        guard !record.isSendable else { return .notApplicable }
        let reason = record.reason.map { ": \($0)" } ?? ""
        let since = " since \(record.updatedAt.rfc3339)"
        switch record.status {
        case "PAUSED":
            return refuse(
                "template_paused",
                "the template \(quoted) is PAUSED by the provider\(since)\(reason) (its quality fell; Meta answers 132015)",
                remedy: "wait until the pause ends (3 h the first time, 6 h the second) or use another approved template")
        case "DISABLED":
            return refuse(
                "template_disabled", "the template \(quoted) is DISABLED by the provider\(since)\(reason) (Meta answers 132016)",
                remedy: "create a new template or use another approved one")
        default:
            return refuse(
                "template_not_approved", "the template \(quoted) is \(record.status) in the provider's template catalog\(since)\(reason)",
                remedy: record.status == "REJECTED"
                    ? "fix what the reason names and submit it again, or use an approved template"
                    : "wait for the provider to approve it, or use an approved template")
        }
    }
}
