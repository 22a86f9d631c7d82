import AdapterKit
import SwitchboardCore

/// Copies of a fixture's request with one numeric field replaced by a boundary value: JSON numbers
/// and numeric strings (anywhere in a JSON body), numeric form and query values, and each number of an
/// email's `Date:` header (one is added when the message has none).
struct BoundaryMutations {
    /// The values every numeric field takes in turn.
    static let boundaries = [
        "0", "-1", "9223372036854775807", "-9223372036854775808", "1e300", "-1e300", String(repeating: "1234567890", count: 4),
    ]

    /// One mutated request: what was replaced (for a failure message) and the request.
    struct Mutant {
        var description: String
        var request: InboundRequest
    }

    /// A step into a JSON value: the n-th member of an object (by position: keys may repeat) or element of an array.
    enum Step {
        case member(Int)
        case element(Int)
    }

    /// Every mutant of `request`.
    static func mutants(of request: InboundRequest) -> [Mutant] {
        var mutants: [Mutant] = []
        let contentType = request.contentType?.lowercased() ?? ""
        if contentType.contains("rfc822") {
            mutants += emailDateMutants(request)
        } else if let json = try? JSONParser.parse(request.body) {
            mutants += jsonMutants(request, json)
        } else if !request.body.isEmpty {
            let text = String(decoding: request.body, as: UTF8.self)
            mutants += pairMutants(text, label: "form") { body in
                var copy = request
                copy.body = Array(body.utf8)
                return copy
            }
        }
        if let questionMark = request.url.firstIndex(of: "?") {
            let base = String(request.url[...questionMark])
            mutants += pairMutants(String(request.url[request.url.index(after: questionMark)...]), label: "query") { query in
                var copy = request
                copy.url = base + query
                return copy
            }
        }
        return mutants
    }

    /// Whether `text` is written as a decimal number (`-12`, `1.5`, `1e300`).
    static func isNumber(_ text: Substring) -> Bool {
        var bytes = Array(text.utf8)[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        func digits() -> Int {
            let count = bytes.prefix { $0 >= 48 && $0 <= 57 }.count
            bytes = bytes.dropFirst(count)
            return count
        }
        guard digits() > 0 else { return false }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            guard digits() > 0 else { return false }
        }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }

    // MARK: - JSON

    static func jsonMutants(_ request: InboundRequest, _ root: JSONValue) -> [Mutant] {
        var paths: [[Step]] = []
        numericPaths(in: root, prefix: [], into: &paths)
        var mutants: [Mutant] = []
        for path in paths {
            for boundary in boundaries {
                let mutated = replacing(root, at: path[...]) { leaf in
                    if case .number = leaf { return .number(boundary) }
                    return .string(boundary)
                }
                var copy = request
                copy.body = JSONWriter(sortedKeys: false).bytes(mutated)
                mutants.append(Mutant(description: "json \(describe(path, in: root)) = \(boundary)", request: copy))
            }
        }
        return mutants
    }

    static func numericPaths(in value: JSONValue, prefix: [Step], into paths: inout [[Step]]) {
        switch value {
        case .number:
            paths.append(prefix)
        case .string(let text) where isNumber(text[...]):
            paths.append(prefix)
        case .array(let items):
            for (index, item) in items.enumerated() { numericPaths(in: item, prefix: prefix + [.element(index)], into: &paths) }
        case .object(let object):
            for (index, member) in object.members.enumerated() {
                numericPaths(in: member.value, prefix: prefix + [.member(index)], into: &paths)
            }
        default:
            break
        }
    }

    static func replacing(_ value: JSONValue, at path: ArraySlice<Step>, with leaf: (JSONValue) -> JSONValue) -> JSONValue {
        guard let step = path.first else { return leaf(value) }
        switch (step, value) {
        case (.element(let index), .array(var items)):
            items[index] = replacing(items[index], at: path.dropFirst(), with: leaf)
            return .array(items)
        case (.member(let index), .object(let object)):
            var storage = object.storage
            storage[index].value = replacing(storage[index].value, at: path.dropFirst(), with: leaf)
            return .object(JSONObject(storage: storage))
        default:
            return value
        }
    }

    static func describe(_ path: [Step], in root: JSONValue) -> String {
        var text = "", value = root
        for step in path {
            switch (step, value) {
            case (.element(let index), .array(let items)):
                text += "[\(index)]"
                value = items[index]
            case (.member(let index), .object(let object)):
                text += "." + object.storage[index].key
                value = object.storage[index].value
            default:
                break
            }
        }
        return text
    }

    // MARK: - Forms and queries

    /// Mutants of an `a=1&b=2` text: each numeric value replaced in turn.
    static func pairMutants(_ text: String, label: String, rebuild: (String) -> InboundRequest) -> [Mutant] {
        let pairs = text.split(separator: "&", omittingEmptySubsequences: false)
        var mutants: [Mutant] = []
        for (index, pair) in pairs.enumerated() {
            guard let equals = pair.firstIndex(of: "="), isNumber(pair[pair.index(after: equals)...]) else { continue }
            let name = pair[..<equals]
            for boundary in boundaries {
                var copy = pairs.map(String.init)
                copy[index] = "\(name)=\(boundary)"
                mutants.append(Mutant(description: "\(label) \(name) = \(boundary)", request: rebuild(copy.joined(separator: "&"))))
            }
        }
        return mutants
    }

    // MARK: - Email

    /// Each run of digits in the `Date:` header (day, year, clock, zone) replaced in turn; a message without
    /// one gets `Date: 1 Jan <boundary> 00:00:00 +0000`.
    static func emailDateMutants(_ request: InboundRequest) -> [Mutant] {
        let text = String(decoding: request.body, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let headerEnd = lines.firstIndex { $0 == "" || $0 == "\r" } ?? lines.count
        func rebuilt(_ lines: [String]) -> InboundRequest {
            var copy = request
            copy.body = Array(lines.joined(separator: "\n").utf8)
            return copy
        }
        guard let dateLine = lines[..<headerEnd].firstIndex(where: { $0.lowercased().hasPrefix("date:") }) else {
            return boundaries.map { boundary in
                var copy = lines
                copy.insert("Date: 1 Jan \(boundary) 00:00:00 +0000", at: 0)
                return Mutant(description: "added Date year = \(boundary)", request: rebuilt(copy))
            }
        }
        let line = lines[dateLine]
        var runs: [Range<String.Index>] = []
        var index = line.index(line.startIndex, offsetBy: 5)
        while index < line.endIndex {
            guard line[index].isASCII, line[index].isNumber else {
                index = line.index(after: index)
                continue
            }
            let start = index
            while index < line.endIndex, line[index].isASCII, line[index].isNumber { index = line.index(after: index) }
            runs.append(start..<index)
        }
        var mutants: [Mutant] = []
        for run in runs {
            for boundary in boundaries {
                var copy = lines
                copy[dateLine] = line.replacingCharacters(in: run, with: boundary)
                mutants.append(Mutant(description: "Date \(line[run]) = \(boundary)", request: rebuilt(copy)))
            }
        }
        return mutants
    }
}
