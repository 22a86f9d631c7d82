import AdapterKit
import Foundation
import SwitchboardCore

/// The control endpoints under `/_mock/`:
/// - `GET /_mock/requests[?provider=P][&since=N]` — recorded requests (`{"count", "requests": [...]}`),
///   optionally only one provider family, or only those with `sequence > N`;
/// - `DELETE /_mock/requests` — forget them;
/// - `GET /_mock/faults` — the fault plan; `POST /_mock/faults` — replace it (JSON plan, `{"spec": …}`,
///   or the command-line spec as a text body); `DELETE /_mock/faults` — no faults;
/// - `GET /_mock/health` — `{"status": "ok"}`.
struct MockControl {
    let state: MockProviderState

    func reply(route: MockRoute, method: String, query: String, body: [UInt8]) -> MockReply {
        switch (route, method) {
        case (.requests, "GET"):
            let parameters = FormBody.parse(query)
            let families = parameters["provider"].flatMap(MockProviderFamily.families(named:))
            let since = parameters["since"].flatMap(UInt64.init) ?? 0
            let selected = state.recorded().filter { record in
                guard record.sequence > since else { return false }
                guard let families else { return true }
                return record.family.map(families.contains) ?? false
            }
            return MockReply(status: 200, body: ["count": .int(selected.count), "requests": .array(selected.map(\.json))])
        case (.requests, "DELETE"):
            let count = state.recorded().count
            state.clearRecorded()
            return MockReply(status: 200, body: ["cleared": .int(count)])
        case (.faults, "GET"):
            return MockReply(status: 200, body: state.plan.json)
        case (.faults, "POST"), (.faults, "PUT"):
            do {
                let plan = try Self.plan(from: body)
                state.setPlan(plan)
                return MockReply(status: 200, body: plan.json)
            } catch {
                return MockReply(status: 400, body: ["error": ["code": .string(error.code.rawValue), "message": .string(error.message)]])
            }
        case (.faults, "DELETE"):
            state.setPlan(.none)
            return MockReply(status: 200, body: MockFaultPlan.none.json)
        case (.health, "GET"):
            return MockReply(status: 200, body: ["status": "ok"])
        case (.notFound, _):
            return MockReply(status: 404, body: ["error": "no mock endpoint at this path"])
        default:
            return MockReply(status: 405, body: ["error": .string("\(method) is not allowed here")])
        }
    }

    /// A JSON plan, or the command-line spec as plain text.
    static func plan(from body: [UInt8]) throws(SwitchboardError) -> MockFaultPlan {
        let text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return .none }
        if text.hasPrefix("{") {
            let json: JSONValue
            do { json = try JSONParser.parse(body) } catch { throw SwitchboardError.malformed("fault plan: \(error)") }
            return try MockFaultPlan(json: json)
        }
        return try MockFaultPlan(spec: text)
    }
}
