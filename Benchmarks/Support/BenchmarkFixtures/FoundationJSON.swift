import Foundation
import SwitchboardCore

/// Foundation counterparts of ``JSONValue``, for the `JSONSerialization` writing baseline.
public enum FoundationJSON {
    /// The value as `JSONSerialization` objects (`NSNumber` for numbers, `NSNull` for null).
    public static func object(_ value: JSONValue) -> Any {
        switch value {
        case .null: return NSNull()
        case .bool(let flag): return NSNumber(value: flag)
        case .number(let text):
            if let integer = Int64(text) { return NSNumber(value: integer) }
            return NSNumber(value: Double(text) ?? 0)
        case .string(let text): return text
        case .array(let items): return items.map(object)
        case .object(let members):
            var dictionary: [String: Any] = [:]
            for member in members.members where dictionary[member.key] == nil { dictionary[member.key] = object(member.value) }
            return dictionary
        }
    }
}
