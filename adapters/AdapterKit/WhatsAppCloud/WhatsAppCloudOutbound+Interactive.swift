import SwitchboardCore

extension WhatsAppCloudOutbound {
    /// `interactive` for reply buttons, lists and `cta_url` (limits in ``WhatsAppCloudOutboundLimits``).
    ///
    /// `content.text` is the body. `interactive.header` is a string (a text header) or a header object
    /// in WhatsApp's own shape (`{type: image, image: {link}}`); lists and `cta_url` take text headers
    /// only. `interactive.footer` is a string.
    static func interactive(_ content: MessageContent) throws(SwitchboardError) -> JSONValue {
        typealias Limits = WhatsAppCloudOutboundLimits
        guard let spec = content.interactive else { throw .invalidMessage("content.interactive needs buttons, list or cta") }
        var object = JSONObject()
        let type: String
        let action: JSONValue
        let bodyLimit: Int
        if let buttons = spec["buttons"] {
            (type, action, bodyLimit) = ("button", try replyButtons(buttons), Limits.interactiveBody)
        } else if let list = spec["list"] {
            (type, action, bodyLimit) = ("list", try listAction(list), Limits.listBody)
        } else if let cta = spec["cta"] {
            (type, action, bodyLimit) = ("cta_url", try ctaAction(cta), Limits.interactiveBody)
        } else {
            throw .invalidMessage("content.interactive needs buttons, list or cta")
        }
        object.append("type", .string(type))
        if let header = spec["header"] { object.append("header", try self.header(header, interactiveType: type)) }
        let body = try Limits.checkNonEmpty(content.text, max: bodyLimit, "content.text (the body of an interactive message)")
        object.append("body", ["text": .string(body)])
        if let footer = spec["footer"] {
            guard let text = footer.string ?? footer["text"]?.string else {
                throw .invalidMessage("content.interactive.footer must be a string")
            }
            try Limits.check(text, max: Limits.footerText, "an interactive footer")
            object.append("footer", ["text": .string(text)])
        }
        object.append("action", action)
        return .object(object)
    }

    private static func header(_ header: JSONValue, interactiveType: String) throws(SwitchboardError) -> JSONValue {
        typealias Limits = WhatsAppCloudOutboundLimits
        if let text = header.string {
            try Limits.check(text, max: Limits.headerText, "an interactive header")
            return ["type": "text", "text": .string(text)]
        }
        guard let kind = header["type"]?.string else {
            throw .invalidMessage("content.interactive.header must be a string or a WhatsApp header object with a type")
        }
        if kind == "text" {
            _ = try Limits.checkNonEmpty(header["text"]?.string, max: Limits.headerText, "text in a text header")
        } else if interactiveType != "button" {
            throw .invalidMessage("whatsapp \(interactiveType) messages take a text header only, got header type \(kind)")
        } else if !["image", "video", "document"].contains(kind) {
            throw .invalidMessage("whatsapp button headers are text, image, video or document, got \(kind)")
        }
        return header
    }

    private static func replyButtons(_ buttons: JSONValue) throws(SwitchboardError) -> JSONValue {
        typealias Limits = WhatsAppCloudOutboundLimits
        guard let items = buttons.array, !items.isEmpty else {
            throw .invalidMessage("content.interactive.buttons must list at least one button")
        }
        guard items.count <= Limits.replyButtons else {
            throw .invalidMessage(
                "whatsapp allows at most \(Limits.replyButtons) reply buttons, got \(items.count): use a list for more choices")
        }
        var seen = Set<String>()
        var output: [JSONValue] = []
        for (index, item) in items.enumerated() {
            let title = try Limits.checkNonEmpty(item["title"]?.string, max: Limits.buttonTitle, "a title for button \(index + 1)")
            let id = item["id"]?.identifier ?? title
            try Limits.check(id, max: Limits.buttonID, "a button id")
            guard seen.insert(id).inserted else { throw .invalidMessage("whatsapp button ids must be unique, \"\(id)\" repeats") }
            output.append(["type": "reply", "reply": ["id": .string(id), "title": .string(title)]])
        }
        return ["buttons": .array(output)]
    }

    private static func listAction(_ list: JSONValue) throws(SwitchboardError) -> JSONValue {
        typealias Limits = WhatsAppCloudOutboundLimits
        let button = try Limits.checkNonEmpty(list["button"]?.string, max: Limits.listButton, "content.interactive.list.button")
        guard let sections = list["sections"]?.array, !sections.isEmpty else {
            throw .invalidMessage("content.interactive.list.sections must list at least one section")
        }
        guard sections.count <= Limits.listSections else {
            throw .invalidMessage("whatsapp allows at most \(Limits.listSections) list sections, got \(sections.count)")
        }
        let rowCount = sections.reduce(0) { $0 + ($1["rows"]?.array?.count ?? 0) }
        guard rowCount <= Limits.listRows else {
            throw .invalidMessage("whatsapp allows at most \(Limits.listRows) list rows in total, got \(rowCount)")
        }
        var seen = Set<String>()
        var outputSections: [JSONValue] = []
        for (sectionIndex, section) in sections.enumerated() {
            guard let rows = section["rows"]?.array, !rows.isEmpty else {
                throw .invalidMessage("list section \(sectionIndex + 1) needs at least one row")
            }
            var object = JSONObject()
            if let title = section["title"]?.string {
                try Limits.check(title, max: Limits.sectionTitle, "a list section title")
                object.append("title", .string(title))
            } else if sections.count > 1 {
                throw .invalidMessage("whatsapp needs a title on every section of a list with several sections")
            }
            var outputRows: [JSONValue] = []
            for row in rows {
                let title = try Limits.checkNonEmpty(row["title"]?.string, max: Limits.rowTitle, "a title for every list row")
                let id = row["id"]?.identifier ?? title
                try Limits.check(id, max: Limits.rowID, "a list row id")
                guard seen.insert(id).inserted else { throw .invalidMessage("whatsapp list row ids must be unique, \"\(id)\" repeats") }
                var rowObject = JSONObject()
                rowObject.append("id", .string(id))
                rowObject.append("title", .string(title))
                if let description = row["description"]?.string {
                    try Limits.check(description, max: Limits.rowDescription, "a list row description")
                    rowObject.append("description", .string(description))
                }
                outputRows.append(.object(rowObject))
            }
            object.append("rows", .array(outputRows))
            outputSections.append(.object(object))
        }
        return ["button": .string(button), "sections": .array(outputSections)]
    }

    private static func ctaAction(_ cta: JSONValue) throws(SwitchboardError) -> JSONValue {
        typealias Limits = WhatsAppCloudOutboundLimits
        let title = try Limits.checkNonEmpty(cta["title"]?.string, max: Limits.ctaDisplayText, "content.interactive.cta.title")
        guard let url = cta["url"]?.string, url.lowercased().hasPrefix("https://") || url.lowercased().hasPrefix("http://") else {
            throw .invalidMessage("content.interactive.cta.url must be an http or https URL")
        }
        return ["name": "cta_url", "parameters": ["display_text": .string(title), "url": .string(url)]]
    }
}
