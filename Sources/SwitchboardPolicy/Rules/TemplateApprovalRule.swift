import SwitchboardCore

/// `template_approval`: a WhatsApp template must be one the account has had approved, in the language asked.
public struct TemplateApprovalRule: PolicyRule {
    public let name = "template_approval"
    public init() {}

    public func evaluate(_ context: PolicyContext) -> RuleVerdict {
        guard context.conversation.channel == .whatsapp, context.configuration.requireApprovedTemplates,
            let template = context.template
        else { return .notApplicable }
        guard let approved = context.account.templates[template.name] else {
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
}
