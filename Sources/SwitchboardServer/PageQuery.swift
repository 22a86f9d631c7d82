import Hummingbird

/// `?limit=&before=` of the API's listings (newest first, a page at a time): `before` is the previous page's
/// `next_before`, an id or sequence number.
struct PageQuery: Sendable, Hashable {
    /// The largest page a listing returns.
    static let maxLimit = 500

    var limit: Int
    var before: Int64?

    /// The query of `request`, or the problem with it (`invalid_limit`, `invalid_before`: code and message).
    static func parse(_ request: Request, defaultLimit: Int = 50) -> Result<PageQuery, PageQueryProblem> {
        let query = request.uri.queryParameters
        let limit = query["limit"].map { Int(String($0)) } ?? defaultLimit
        guard let limit, (1...maxLimit).contains(limit) else {
            return .failure(PageQueryProblem(code: "invalid_limit", message: "limit must be a whole number from 1 to \(maxLimit)"))
        }
        var before: Int64?
        if let text = query["before"] {
            // A cursor that is not a whole number (0 or more) is refused, not read as "from the newest".
            guard let parsed = Int64(String(text)), parsed >= 0 else {
                return .failure(
                    PageQueryProblem(code: "invalid_before", message: "before must be the previous page's next_before (a whole number)"))
            }
            before = parsed
        }
        return .success(PageQuery(limit: limit, before: before))
    }
}

/// What is wrong with a listing's query.
struct PageQueryProblem: Error, Sendable, Hashable {
    var code: String
    var message: String
}
