import Foundation
import Hummingbird
import Logging
import SwitchboardCore

/// Answers every request to the mock: control endpoints under `/_mock/`, provider send endpoints
/// (see ``MockRoute``), 404 for anything else. Records every request before answering it.
struct MockResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let state: MockProviderState
    let maxBodyBytes: Int
    let logger: Logger

    func respond(to request: Request, context: Context) async throws -> Response {
        let receivedAt = Date()
        let sequence = state.nextSequence()
        let headers = request.headers.map { (name: $0.name.rawName, value: $0.value) }
        let method = request.method.rawValue
        let path = request.uri.path
        let query = request.uri.query ?? ""
        let body: [UInt8]
        do {
            body = Array(try await request.body.collect(upTo: maxBodyBytes).readableBytesView)
        } catch {
            return Self.response(MockReply(status: 413, body: ["error": "request body too large"]))
        }
        var record = MockRecordedRequest(
            sequence: sequence, method: method, path: path, query: query, headers: headers, body: body, receivedAt: receivedAt,
            family: nil, recipient: nil, status: 0, fault: "none")

        let route = MockRoute.match(path: path)
        let send: MockSendRequest
        switch route {
        case .requests, .faults, .health, .notFound:
            let reply = MockControl(state: state).reply(route: route, method: method, query: query, body: body)
            record.status = reply.status
            if route == .notFound { state.record(record) }
            return Self.response(reply)
        case .templates(let family, let account):
            return await templates(
                MockSendRequest(family: family, pathAccount: account, headers: headers, query: query, body: body), path: path,
                record: record)
        case .sharedMessages(let prefixed):
            let family = MockRoute.sharedMessagesFamily(prefixed: prefixed, headers: headers, body: body)
            send = MockSendRequest(family: family, headers: headers, query: query, body: body)
        case .send(let family, let account, let providerMethod, let isMMS):
            send = Self.graphAware(
                MockSendRequest(
                    family: family, pathAccount: account, method: providerMethod, isMMS: isMMS, headers: headers, query: query, body: body),
                path: path)
        }
        record.family = send.family
        record.recipient = send.recipient
        guard method == "POST" || (send.family == .telegram && method == "GET") else {
            record.status = 405
            state.record(record)
            return Self.response(MockReply(status: 405, body: ["error": .string("\(method) is not allowed here; send with POST")]))
        }

        let ids = MockIDs(salt: state.salt, sequence: sequence)
        guard send.hasCredentials else { return refuseUnauthorized(send, ids: ids, record: &record) }
        let decision = state.decide(family: send.family, recipient: send.recipient)
        let reply = MockAnswers.reply(send, fault: decision.fault, ids: ids, now: receivedAt)
        record.status = reply.status
        record.fault = Self.label(decision.fault)
        state.record(record)
        log(record)
        if case .timeout(let hold) = decision.fault { await wait(hold) }
        if decision.delay > .zero { await wait(decision.delay) }
        return Self.response(reply)
    }

    /// Graph paths carry WhatsApp and Messenger/Instagram alike: the body's `messaging_product` tells.
    static func graphAware(_ request: MockSendRequest, path: String) -> MockSendRequest {
        guard request.family == .whatsapp, request.json?["messaging_product"]?.string != "whatsapp" else { return request }
        var copy = request
        copy.family = .messenger
        return copy
    }

    /// Sleeps `duration` in short slices, ending early when the mock shuts down or the task is cancelled.
    func wait(_ duration: Duration) async {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: duration)
        while clock.now < deadline, !state.isShuttingDown, !Task.isCancelled {
            let remaining = clock.now.duration(to: deadline)
            try? await Task.sleep(for: min(remaining, .milliseconds(50)))
        }
    }

    /// The family's answer to a request without credentials, recorded (fault `unauthorized`) and logged.
    func refuseUnauthorized(_ request: MockSendRequest, ids: MockIDs, record: inout MockRecordedRequest) -> Response {
        let reply = MockAnswers.unauthorized(request, ids: ids)
        record.status = reply.status
        record.fault = "unauthorized"
        state.record(record)
        log(record)
        return Self.response(reply)
    }

    func log(_ record: MockRecordedRequest) {
        logger.debug(
            "mock request",
            metadata: [
                "mock.sequence": "\(record.sequence)", "http.method": "\(record.method)", "http.path": "\(Self.redactedPath(record.path))",
                "mock.provider": "\(record.family?.rawValue ?? "-")", "http.status": "\(record.status)", "mock.fault": "\(record.fault)",
            ])
    }

    /// The path with a Telegram bot token replaced, fit for logs.
    static func redactedPath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map {
            $0.hasPrefix("bot") && $0.count > 3 ? "bot<redacted>" : String($0)
        }
        .joined(separator: "/")
    }

    static func label(_ fault: MockFault) -> String {
        switch fault {
        case .none: return "none"
        case .timeout: return "timeout"
        case .serverError: return "5xx"
        case .rateLimited: return "429"
        case .providerError(let code): return "error:\(code)"
        }
    }

    static func response(_ reply: MockReply) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        for header in reply.headers {
            guard let name = HTTPFields.Element.Name(header.name) else { continue }
            fields[name] = header.value
        }
        var buffer = ByteBuffer()
        buffer.writeBytes(reply.bodyBytes)
        return Response(status: .init(code: reply.status), headers: fields, body: ResponseBody(byteBuffer: buffer))
    }
}
