import HTTPTypes
import Hummingbird
import SwitchboardCore
import SwitchboardQueue

extension SendAPI {
    /// `GET /v1/messages?state=dead&limit=&before=`: the messages in one queue state, newest first, on the
    /// connections the caller's key may use; `dead` (the default) and `failed` are what a redrive takes.
    func list(_ request: Request) async -> Response {
        guard let caller = authenticator.authenticate(request) else { return APIProblem.unauthorized }
        let name = request.uri.queryParameters["state"].map(String.init) ?? OutboundQueueState.dead.rawValue
        guard let state = OutboundQueueState(rawValue: name) else {
            let names = OutboundQueueState.allCases.map(\.rawValue).sorted()
            return APIProblem.response(.badRequest, "invalid_state", "state must be one of \(names.joined(separator: ", "))")
        }
        let page: PageQuery
        switch PageQuery.parse(request) {
        case .success(let parsed): page = parsed
        case .failure(let problem): return APIProblem.response(.badRequest, problem.code, problem.message)
        }
        do {
            let records = try await store.outboundMessages(
                state: state, connections: caller.connections, limit: page.limit, before: page.before)
            var items: [JSONValue] = []
            items.reserveCapacity(records.count)
            for record in records { items.append(Self.listItem(record, history: try await store.outboundHistory(id: record.id))) }
            var object = JSONObject()
            object.set("items", .array(items))
            object.set("next_before", records.count == page.limit ? records.last.map { .number(String($0.sequence)) } : nil)
            return .json(.ok, .object(object))
        } catch {
            return APIProblem.response(.serviceUnavailable, "store_unavailable", "\(error)")
        }
    }

    /// A message in a listing: as `GET /v1/messages/{id}` (history included), with its queue sequence.
    static func listItem(_ record: OutboundRecord, history: [OutboundHistoryEntry]) -> JSONValue {
        guard case .object(var object) = statusJSON(record, history: history) else { return .null }
        object.set("sequence", .number(String(record.sequence)))
        return .object(object)
    }
}
