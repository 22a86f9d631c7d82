import Foundation
import SwitchboardCore
import Yams

extension YAMLWalker {
    /// A YAML subtree as ``JSONValue`` (for sections whose reader takes JSON, like `policy:`). Plain scalars
    /// become numbers (`_` separators dropped; finite values only), booleans or null where they read as
    /// such; quoted ones stay strings.
    func json(_ node: Node) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            guard scalar.style == .plain || scalar.style == .any else { return .string(scalar.string) }
            let text = scalar.string
            switch text.lowercased() {
            case "", "~", "null": return .null
            case "true", "yes", "on": return .bool(true)
            case "false", "no", "off": return .bool(false)
            default: break
            }
            let digits = text.replacingOccurrences(of: "_", with: "")
            // A finite number only: `nan`, `-inf` or `1e400` would reach the policy as a number JSON cannot hold.
            if let number = Double(digits), number.isFinite,
                digits.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) == true
            {
                return .number(digits.hasPrefix("+") ? String(digits.dropFirst()) : digits)
            }
            return .string(text)
        case .mapping(let mapping):
            var object = JSONObject()
            for (key, value) in mapping { object.set(key.string ?? "", json(value)) }
            return .object(object)
        case .sequence(let sequence):
            return .array(sequence.map { json($0) })
        case .alias:
            return .null
        }
    }

    /// The node at a dotted path below `node` (`attachments.whatsapp.image`), or the deepest one found.
    func node(at path: [String], in node: Node) -> Node {
        guard let first = path.first, case .mapping(let mapping) = node else { return node }
        for (key, value) in mapping where key.string == first {
            return path.count == 1 ? key : self.node(at: Array(path.dropFirst()), in: value)
        }
        return node
    }

    /// A decimal number (`12.50`, quoted or not).
    func decimal(_ node: Node?, _ path: String) -> Decimal? {
        guard let text = string(node, path) else { return nil }
        let cleaned = text.replacingOccurrences(of: "_", with: "")
        guard let value = Decimal(string: cleaned, locale: Locale(identifier: "en_US_POSIX")),
            cleaned.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" })
        else {
            problem(node, path, "expected a decimal number, got \"\(text)\"")
            return nil
        }
        return value
    }

    /// Milliseconds as a ``Duration``.
    func milliseconds(_ node: Node?, _ path: String, range: ClosedRange<Int>) -> Duration? {
        int(node, path, range: range).map { .milliseconds($0) }
    }

    /// Whether a value is written as null (`~`, `null` or nothing).
    func isNull(_ node: Node?) -> Bool {
        guard case .scalar(let scalar)? = node, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null"].contains(scalar.string.lowercased())
    }
}
