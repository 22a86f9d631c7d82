import SwitchboardCore

/// `template_header_media`: a WhatsApp template's header media may only be JPEG, PNG or PDF (configurable).
/// Checks the header format the template was approved with and the media given in the header parameters
/// (their stated type, or the extension of their link; a media id of unknown type is let through).
public struct TemplateHeaderMediaRule: PolicyRule {
    public let name = "template_header_media"
    public init() {}

    public func evaluate(_ context: PolicyContext) -> RuleVerdict {
        guard context.conversation.channel == .whatsapp, let template = context.template else { return .notApplicable }
        let allowed = context.configuration.templateHeaderMIMETypes
        let allowedText = HumanText.list(allowed.sorted())
        if context.resolvedTemplate?.headerFormat == "VIDEO" {
            return refuse(
                "template_header_media", "the template \"\(template.name)\" has a VIDEO header; header media may only be \(allowedText)",
                remedy: "use a template with an image (JPEG, PNG) or document (PDF) header")
        }
        let components = context.message.content.template?["components"]?.array ?? []
        for component in components where component["type"]?.string?.lowercased() == "header" {
            for parameter in component["parameters"]?.array ?? [] {
                guard let kind = parameter["type"]?.string?.lowercased(), ["image", "video", "document"].contains(kind) else {
                    continue
                }
                let media = parameter[kind]
                let type =
                    MIMETypes.of(mimeType: media?["mime_type"]?.string, filename: media?["filename"]?.string, url: media?["link"]?.string)
                    ?? (kind == "video" ? "video/mp4" : nil)
                if let type, !allowed.contains(type) {
                    return refuse(
                        "template_header_media", "the template header media is \(type); header media may only be \(allowedText)",
                        remedy: "use a JPEG or PNG image or a PDF document in the header")
                }
            }
        }
        return .notApplicable
    }
}
