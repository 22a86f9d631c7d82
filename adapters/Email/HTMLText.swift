/// A crude HTML-to-text conversion for messages that have no text/plain part.
///
/// Drops `<head>`, `<style>`, `<script>` and comments, turns block elements and `<br>` into line
/// breaks, decodes the common entities and numeric references, and collapses white space. It is
/// not a renderer: it gives agents and bots readable text, while `email.html` keeps the original.
public enum HTMLText {
    private static let blockTags: Set<String> = [
        "br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "blockquote", "pre",
        "hr", "section", "article", "header", "footer", "dd", "dt",
    ]
    private static let skippedTags: Set<String> = ["style", "script", "head", "title", "template"]
    private static let entities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "copy": "©", "reg": "®",
        "hellip": "…", "mdash": "—", "ndash": "–", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”",
        "euro": "€", "trade": "™", "bull": "•", "middot": "·", "zwnj": "", "zwj": "",
    ]

    /// Readable text from an HTML document or fragment.
    public static func text(fromHTML html: String) -> String {
        var output = ""
        var index = html.startIndex
        var skipUntil: String?
        while index < html.endIndex {
            let character = html[index]
            if character == "<" {
                if html[index...].hasPrefix("<!--") {
                    let rest = html[html.index(index, offsetBy: 4)...]
                    index = rest.range(of: "-->")?.upperBound ?? html.endIndex
                    continue
                }
                guard let close = html[index...].firstIndex(of: ">") else { break }
                let tag = html[html.index(after: index)..<close]
                index = html.index(after: close)
                let isClosing = tag.hasPrefix("/")
                let name = tag.drop(while: { $0 == "/" }).prefix(while: { $0.isLetter || $0.isNumber }).lowercased()
                if let skipping = skipUntil {
                    if isClosing && name == skipping { skipUntil = nil }
                    continue
                }
                if !isClosing, skippedTags.contains(name), !tag.hasSuffix("/") {
                    skipUntil = name
                    continue
                }
                if blockTags.contains(name) { output += "\n" }
                continue
            }
            index = html.index(after: index)
            if skipUntil != nil { continue }
            if character == "&", let semicolon = html[index...].prefix(10).firstIndex(of: ";") {
                let entity = String(html[index..<semicolon])
                if let decoded = decodeEntity(entity) {
                    output += decoded
                    index = html.index(after: semicolon)
                    continue
                }
            }
            output.append(character.isNewline ? " " : character)
        }
        return collapse(output)
    }

    private static func decodeEntity(_ entity: String) -> String? {
        if entity.hasPrefix("#") {
            let digits = entity.dropFirst()
            let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            return value.flatMap(Unicode.Scalar.init).map { String(Character($0)) }
        }
        return entities[entity.lowercased()]
    }

    /// Collapses runs of spaces inside lines, trims every line, and keeps at most one blank line.
    private static func collapse(_ text: String) -> String {
        var lines: [String] = []
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lastWasSpace = true
            for character in rawLine {
                if character == " " || character == "\t" || character == "\r" || character == "\u{A0}" {
                    if !lastWasSpace { line.append(" ") }
                    lastWasSpace = true
                } else {
                    line.append(character)
                    lastWasSpace = false
                }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            if line.isEmpty, lines.last?.isEmpty ?? true { continue }
            lines.append(line)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
