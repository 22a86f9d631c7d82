import HTTPTypes
import SwitchboardCore

/// The gateway's routes as path templates with their methods and, for the agent API, the media types each
/// operation's body may have: read from the OpenAPI document (``OpenAPIDocument``; a test checks it lists exactly
/// the served routes) plus the routes it does not describe (webhooks, health). ``APIRouteMiddleware`` answers from it
/// `405` with `Allow` for a method a known path does not serve and `415` for a body of an undeclared media type.
struct APIRouteTable: Sendable {
    /// One path template (`/v1/messages/{id}`) and what it serves.
    struct Route: Sendable {
        /// The template's segments; `nil` is a parameter (`{id}`), matching any one segment.
        var segments: [String?]
        /// Method → the media types its body may have (empty: the operation declares no body).
        var operations: [HTTPRequest.Method: Set<String>]

        /// The methods, as an `Allow` header lists them.
        var allow: String { operations.keys.map(\.rawValue).sorted().joined(separator: ", ") }

        func matches(_ path: [Substring]) -> Bool {
            guard path.count == segments.count else { return false }
            return zip(segments, path).allSatisfy { template, segment in template.map { $0 == segment } ?? !segment.isEmpty }
        }
    }

    var routes: [Route]

    /// The routes outside the OpenAPI document: provider webhooks and the health probes (`/metrics` is left out:
    /// it is served on its own listen address when one is configured).
    static let undocumented: [(path: String, methods: [HTTPRequest.Method])] = [
        ("/webhooks/{provider}", [.get, .post]), ("/webhooks/{provider}/{connection}", [.get, .post]),
        ("/healthz", [.get]), ("/readyz", [.get]),
    ]

    /// The table of the compiled-in OpenAPI document plus ``undocumented``.
    static let gateway = APIRouteTable(document: OpenAPIDocument.value)

    init(document: JSONValue) {
        var routes: [Route] = []
        for (path, item) in document["paths"]?.object?.members ?? [] {
            var operations: [HTTPRequest.Method: Set<String>] = [:]
            for (name, operation) in item.object?.members ?? [] {
                guard let method = HTTPRequest.Method(name.uppercased()), operation.object != nil else { continue }
                let types = operation["requestBody"]?["content"]?.object?.keys ?? []
                operations[method] = Set(types.map { $0.lowercased() })
            }
            routes.append(Route(segments: Self.segments(of: path), operations: operations))
        }
        for (path, methods) in Self.undocumented {
            routes.append(Route(segments: Self.segments(of: path), operations: Dictionary(uniqueKeysWithValues: methods.map { ($0, []) })))
        }
        self.routes = routes
    }

    /// The route a request path falls on: the most specific match, a literal segment winning over a parameter at
    /// the first place they differ (as the router resolves `/v1/messages/check` before `/v1/messages/{id}`).
    func route(for path: String) -> Route? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        let segments = Array(parts.last == "" ? parts.dropLast() : parts)
        return routes.filter { $0.matches(segments) }.max { lhs, rhs in
            let left = lhs.segments.map { $0 != nil }, right = rhs.segments.map { $0 != nil }
            return left.lexicographicallyPrecedes(right) { !$0 && $1 }
        }
    }

    private static func segments(of template: String) -> [String?] {
        template.split(separator: "/").map { $0.hasPrefix("{") && $0.hasSuffix("}") ? nil : String($0) }
    }
}
