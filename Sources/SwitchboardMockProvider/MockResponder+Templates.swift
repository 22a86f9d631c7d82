import Hummingbird

extension MockResponder {
    /// A template catalog listing (``TemplateReplies``): `GET` only, credentials checked like the family's sends, and
    /// the fault plan applied as to a send (a 5xx, a 429, a provider error or a hold instead of the page).
    func templates(_ request: MockSendRequest, path: String, record: MockRecordedRequest) async -> Response {
        var record = record
        record.family = request.family
        guard record.method == "GET" else {
            record.status = 405
            state.record(record)
            return Self.response(MockReply(status: 405, body: ["error": .string("\(record.method) is not allowed here; list with GET")]))
        }
        let ids = MockIDs(salt: state.salt, sequence: record.sequence)
        guard request.hasCredentials else { return refuseUnauthorized(request, ids: ids, record: &record) }
        let decision = state.decide(family: request.family, recipient: nil)
        let reply: MockReply
        if case .none = decision.fault {
            reply = TemplateReplies.page(request, path: path)
        } else {
            reply = MockAnswers.reply(request, fault: decision.fault, ids: ids, now: record.receivedAt)
        }
        record.status = reply.status
        record.fault = Self.label(decision.fault)
        state.record(record)
        log(record)
        if case .timeout(let hold) = decision.fault { await wait(hold) }
        if decision.delay > .zero { await wait(decision.delay) }
        return Self.response(reply)
    }
}
