import SwitchboardCore
import Yams

/// The agent API's OpenAPI 3.1 document, served as JSON at `GET /openapi.json`. Its one source is
/// `Sources/SwitchboardServer/SendAPI/openapi.yaml`, which SwiftPM compiles into the binary
/// (`resources: [.embedInCode(...)]` in Package.swift, read here as `PackageResources.openapi_yaml`).
enum OpenAPIDocument {
    /// The document as JSON bytes (converted from the YAML once).
    static let json: [UInt8] = JSONWriter(sortedKeys: false).bytes(value)

    /// The document as a JSON value.
    static let value: JSONValue = {
        guard let node = try? Yams.compose(yaml: yaml) else { return .object(JSONObject()) }
        return convert(node)
    }()

    /// The YAML text, as embedded at build time.
    static var yaml: String { String(decoding: PackageResources.openapi_yaml, as: UTF8.self) }

    /// YAML node → JSON value: mappings keep their order; scalars resolve by their YAML tag (so quoted
    /// `'200'` stays a string).
    static func convert(_ node: Node) -> JSONValue {
        switch node {
        case .mapping(let mapping):
            var object = JSONObject()
            for (key, value) in mapping { object.append(key.string ?? "", convert(value)) }
            return .object(object)
        case .sequence(let sequence):
            return .array(sequence.map(convert))
        case .scalar(let scalar):
            if node.null != nil { return .null }
            if let bool = node.bool { return .bool(bool) }
            if node.int != nil || node.float != nil { return .number(scalar.string) }
            return .string(scalar.string)
        case .alias:
            return .null
        }
    }
}
