import Foundation
import HTTPTypes
import Hummingbird
import SwitchboardCore
import SwitchboardLedger
import SwitchboardStore

/// What the operator records about one contact: `PUT|DELETE /v1/conversations/{conversation}/consent` and
/// `PUT|DELETE /v1/conversations/{conversation}/block`. Each answers the contact's flags and writes an audit line.
extension AccountAPI {
    /// `PUT .../consent` `{"source": "web_form", "evidence": "the text shown", "at"?: RFC 3339}` records consent with
    /// its evidence (`at` defaults to now); `DELETE .../consent` revokes it. `200` with the contact's flags.
    func consent(_ request: Request, conversation key: String, record: Bool) async -> Response {
        let caller: APIKeyAuthenticator.Caller
        switch conversation(request, key: key) {
        case .found(let found, _): caller = found
        case .answer(let answer): return answer
        }
        let now = Timestamp(Date())
        var consent: ConsentRecord?
        if record {
            let body: JSONObject
            switch await jsonObject(request) {
            case .success(let object): body = object
            case .failure(let problem): return problem.response
            }
            guard let source = body["source"]?.string, !source.isEmpty, source.count <= 100 else {
                return APIProblem.response(
                    .badRequest, "invalid_source", "source must be a string of 1 to 100 characters (where the consent was given)",
                    remedy: "for example {\"source\": \"web_form\", \"evidence\": \"Yes, send me order updates on WhatsApp\"}")
            }
            let evidence: String?
            switch Self.optionalString(body, "evidence", maxLength: 4000) {
            case .success(let text): evidence = text
            case .failure(let problem): return problem.response
            }
            var at = now
            if let value = body["at"], value != .null {
                guard let text = value.string, let parsed = Timestamp.iso8601(text), parsed <= now else {
                    return APIProblem.response(.badRequest, "invalid_at", "at must be an RFC 3339 time not in the future")
                }
                at = parsed
            }
            consent = ConsentRecord(source: source, evidence: evidence, at: at, actor: Self.actor(caller))
        }
        do {
            try await store.setConsent(conversation: key, consent: consent, actor: Self.actor(caller), at: now)
            logger.notice(
                record ? "consent recorded" : "consent revoked",
                metadata: ["switchboard.conversation": .string(key), "switchboard.actor": .string(Self.actor(caller))])
            return .json(.ok, try await flags(key))
        } catch {
            return Self.unavailable(error)
        }
    }

    /// `PUT .../block` `{"reason"?}` blocks the contact (nothing is sent to it until unblocked, queued messages
    /// included: they are refused at dispatch); `DELETE .../block` unblocks. `200` with the contact's flags.
    func block(_ request: Request, conversation key: String, blocked: Bool) async -> Response {
        let caller: APIKeyAuthenticator.Caller
        switch conversation(request, key: key) {
        case .found(let found, _): caller = found
        case .answer(let answer): return answer
        }
        var reason: String?
        if blocked {
            switch await jsonObject(request, emptyIsObject: true) {
            case .success(let body):
                switch Self.optionalString(body, "reason", maxLength: 500) {
                case .success(let text): reason = text
                case .failure(let problem): return problem.response
                }
            case .failure(let problem): return problem.response
            }
        }
        do {
            try await store.setBlocked(
                conversation: key, blocked: blocked, reason: reason, actor: Self.actor(caller), at: Timestamp(Date()))
            logger.notice(
                blocked ? "contact blocked" : "contact unblocked",
                metadata: ["switchboard.conversation": .string(key), "switchboard.actor": .string(Self.actor(caller))])
            return .json(.ok, try await flags(key))
        } catch {
            return Self.unavailable(error)
        }
    }

    /// `{conversation, consent: {source, evidence, at, actor} | null, blocked, blocked_reason, provider_problem}`.
    private func flags(_ key: String) async throws(StoreError) -> JSONValue {
        let flags = try await store.contactFlags(conversation: key)
        var object = JSONObject()
        object.set("conversation", .string(key))
        if let consent = flags.consent {
            var record = JSONObject()
            record.set("source", .string(consent.source))
            record.set("evidence", consent.evidence.map(JSONValue.string) ?? .null)
            record.set("at", .string(consent.at.rfc3339))
            record.set("actor", .string(consent.actor))
            object.set("consent", .object(record))
        } else {
            object.set("consent", .null)
        }
        object.set("blocked", .bool(flags.blocked))
        object.set("blocked_reason", flags.blockedReason.map(JSONValue.string) ?? .null)
        object.set("provider_problem", flags.providerProblem.map(Self.problemJSON) ?? .null)
        return .object(object)
    }
}
