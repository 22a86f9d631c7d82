import HTTPTypes
import Hummingbird

/// What the router does not say by itself, from ``APIRouteTable``: a method a known path does not serve (TRACE
/// included) is `405 method_not_allowed` with `Allow`, not `404`; a body whose `Content-Type` is not one the
/// operation declares (`application/json` for the agent API's JSON bodies) is `415 unsupported_media_type` before
/// the handler reads it. A request without `Content-Type` is read as the declared type. Added to the router before
/// any route, so it wraps every endpoint and the not-found answer.
struct APIRouteMiddleware<Context: RequestContext>: RouterMiddleware {
    let table: APIRouteTable

    init(table: APIRouteTable = .gateway) { self.table = table }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let route = table.route(for: request.uri.path)
        if let route, let types = route.operations[request.method], !types.isEmpty,
            let answer = Self.unsupportedMediaType(request, declared: types)
        {
            return answer
        }
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            guard let route, route.operations[request.method] == nil else { throw error }
            var response = APIProblem.response(
                .methodNotAllowed, "method_not_allowed", "\(request.method.rawValue) is not served on \(request.uri.path)",
                remedy: "use \(route.allow)")
            response.headers[.allow] = route.allow
            return response
        }
    }

    /// `415` when the request's media type is not one of `declared`; `nil` when it is, or when it has none.
    static func unsupportedMediaType(_ request: Request, declared: Set<String>) -> Response? {
        guard let header = request.headers[.contentType] else { return nil }
        let mediaType = header.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard !declared.contains(mediaType) else { return nil }
        let expected = declared.sorted().joined(separator: " or ")
        return APIProblem.response(
            .unsupportedMediaType, "unsupported_media_type", "the body's Content-Type is \(header), not \(expected)",
            remedy: "send the body as \(expected) with Content-Type: \(declared.sorted()[0])")
    }
}
