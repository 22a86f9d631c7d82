/// One mailbox of an address header (`"Name" <user@example.com>`).
public struct EmailAddress: Sendable, Hashable {
    /// The display name, encoded words decoded; `nil` when there is none.
    public var name: String?
    /// The address as written (`user@example.com`).
    public var address: String

    public init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }

    /// `address` lower-cased: the canonical contact id.
    public var normalized: String { address.lowercased() }

    /// Parses an address list (`From`, `To`, `Cc`, ...), tolerantly: display names quoted or not,
    /// comments as names (`user@example.com (Name)`), groups (`team: a@b, c@d;`), stray text after
    /// `>` and empty elements are skipped; an element without an address is dropped.
    public static func parseList(_ text: String) -> [EmailAddress] {
        var result: [EmailAddress] = []
        for element in splitElements(text) {
            if let address = parseMailbox(element) { result.append(address) }
        }
        return result
    }

    /// Splits on commas outside quotes, angle brackets and comments; a group's `name:` and `;` are dropped.
    static func splitElements(_ text: String) -> [String] {
        var elements: [String] = []
        var current = ""
        var inQuote = false, inAngle = false, commentDepth = 0
        var escaped = false
        for character in text {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            switch character {
            case "\\" where inQuote:
                escaped = true
                current.append(character)
            case "\"" where commentDepth == 0:
                inQuote.toggle()
                current.append(character)
            case "(" where !inQuote:
                commentDepth += 1
                current.append(character)
            case ")" where !inQuote && commentDepth > 0:
                commentDepth -= 1
                current.append(character)
            case "<" where !inQuote && commentDepth == 0:
                inAngle = true
                current.append(character)
            case ">" where !inQuote && commentDepth == 0:
                inAngle = false
                current.append(character)
            case "," where !inQuote && !inAngle && commentDepth == 0,
                ";" where !inQuote && !inAngle && commentDepth == 0:
                elements.append(current)
                current = ""
            case ":" where !inQuote && !inAngle && commentDepth == 0 && !current.contains("@"):
                current = ""  // group name
            default:
                current.append(character)
            }
        }
        elements.append(current)
        return elements
    }

    static func parseMailbox(_ element: String) -> EmailAddress? {
        var name = ""
        var address: String?
        var comment = ""
        var plain = ""
        var inQuote = false, commentDepth = 0
        var angle: String?
        for character in element {
            if commentDepth > 0 {
                if character == "(" { commentDepth += 1 }
                if character == ")" { commentDepth -= 1 }
                if commentDepth > 0 { comment.append(character) }
                continue
            }
            if var open = angle {
                if character == ">" {
                    address = open
                    angle = nil
                } else {
                    open.append(character)
                    angle = open
                }
                continue
            }
            switch character {
            case "\"":
                inQuote.toggle()
                if address == nil { name.append(character) }
            case "(" where !inQuote: commentDepth = 1
            case "<" where !inQuote && address == nil: angle = ""
            default:
                if address == nil { name.append(character) } else { plain.append(character) }
            }
        }
        if address == nil, let open = angle { address = open }  // `<user@example.com` without `>`
        var displayName = name.trimmingSpaces()
        if address == nil {
            // No angle brackets: the bare text is the address.
            let bare = displayName.trimming("\"").trimmingSpaces()
            guard bare.contains("@"), !bare.contains(" ") else { return nil }
            address = bare
            displayName = ""
        }
        guard var mailbox = address?.trimmingSpaces(), !mailbox.isEmpty else { return nil }
        if mailbox.lowercased().hasPrefix("mailto:") { mailbox = String(mailbox.dropFirst(7)) }
        if displayName.hasPrefix("\""), displayName.hasSuffix("\""), displayName.count >= 2 {
            displayName = String(displayName.dropFirst().dropLast()).replacingBackslashEscapes()
        }
        if displayName.isEmpty { displayName = comment.trimmingSpaces() }
        displayName = HeaderDecoding.decodeEncodedWords(displayName).trimmingSpaces()
        if displayName.hasPrefix("\""), displayName.hasSuffix("\""), displayName.count >= 2 {
            displayName = String(displayName.dropFirst().dropLast()).trimmingSpaces()
        }
        return EmailAddress(name: displayName.isEmpty ? nil : displayName, address: mailbox)
    }
}

extension String {
    func replacingBackslashEscapes() -> String {
        var output = ""
        var escaped = false
        for character in self {
            if !escaped, character == "\\" {
                escaped = true
                continue
            }
            escaped = false
            output.append(character)
        }
        return output
    }
}
