import Yams

/// Reads typed values out of a YAML tree, collecting a ``ConfigurationProblem`` (line and key path)
/// for every value of the wrong shape instead of stopping at the first.
final class YAMLWalker {
    private(set) var problems: [ConfigurationProblem] = []

    func problem(_ node: Node?, _ path: String, _ message: String) {
        problems.append(ConfigurationProblem(line: node?.mark?.line, key: path, message: message))
    }

    /// The members of a mapping, reporting keys outside `allowed` (typos) and duplicate keys.
    func mapping(_ node: Node, _ path: String, allowed: Set<String>) -> [String: Node]? {
        guard case .mapping(let mapping) = node else {
            problem(node, path, "expected a mapping (key: value lines)")
            return nil
        }
        var members: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else {
                problem(keyNode, path, "keys must be strings")
                continue
            }
            let keyPath = path.isEmpty ? key : "\(path).\(key)"
            if !allowed.contains(key) {
                problem(keyNode, keyPath, "unknown key (expected one of: \(allowed.sorted().joined(separator: ", ")))")
                continue
            }
            if members[key] != nil { problem(keyNode, keyPath, "duplicate key") }
            members[key] = value
        }
        return members
    }

    /// A sequence's items (a missing value is an empty list).
    func sequence(_ node: Node?, _ path: String) -> [Node] {
        guard let node else { return [] }
        if case .scalar(let scalar) = node, scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null" { return [] }
        guard case .sequence(let sequence) = node else {
            problem(node, path, "expected a list")
            return []
        }
        return Array(sequence)
    }

    /// A scalar as text; `required` reports a missing or empty value.
    func string(_ node: Node?, _ path: String, required: Bool = false, parent: Node? = nil) -> String? {
        guard let node else {
            if required { problem(parent, path, "missing (required)") }
            return nil
        }
        guard case .scalar(let scalar) = node else {
            problem(node, path, "expected a single value")
            return nil
        }
        if scalar.string.isEmpty && required { problem(node, path, "must not be empty") }
        return scalar.string
    }

    func int(_ node: Node?, _ path: String, range: ClosedRange<Int>) -> Int? {
        guard let text = string(node, path) else { return nil }
        guard let value = Int(text.replacingOccurrences(of: "_", with: "")) else {
            problem(node, path, "expected a whole number, got \"\(text)\"")
            return nil
        }
        guard range.contains(value) else {
            problem(node, path, "must be between \(range.lowerBound) and \(range.upperBound)")
            return nil
        }
        return value
    }

    func bool(_ node: Node?, _ path: String) -> Bool? {
        guard let text = string(node, path) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            problem(node, path, "expected true or false, got \"\(text)\"")
            return nil
        }
    }

    /// A list of scalars (`[a, b]` or one per line).
    func strings(_ node: Node?, _ path: String) -> [String] {
        sequence(node, path).enumerated().compactMap { index, item in string(item, "\(path)[\(index)]") }
    }

    /// A mapping of scalars (`options:`), keys in file order.
    func stringMap(_ node: Node?, _ path: String) -> [(key: String, value: String, node: Node)] {
        guard let node else { return [] }
        guard case .mapping(let mapping) = node else {
            problem(node, path, "expected a mapping (key: value lines)")
            return []
        }
        var result: [(String, String, Node)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { continue }
            if let text = string(value, "\(path).\(key)") { result.append((key, text, value)) }
        }
        return result
    }
}
