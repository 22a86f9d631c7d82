import Foundation
import HTTPTypes
import NIOCore
import NIOHTTPTypes
import SwitchboardStore

/// Serves `POST /webhooks/{provider}[/{connection}]` on the connection's event loop, in Hummingbird's HTTP/1
/// pipeline between the HTTP codec and the router.
///
/// A webhook's work is short and synchronous (signature, decode, canonical JSON) until the durable commit.
/// Through the router each request hops four times: event loop → handler task → store writer → handler task
/// → event loop. Here it hops twice: the event loop hands the events to the store's writer, whose commit
/// calls back onto the event loop with the reply. Same ``WebhookPipeline``, so the same answers, metrics and
/// logs as ``WebhookHandler``.
///
/// Claimed: `POST`s to a configured webhook path with a `Content-Length` within `limits.max_body_bytes` and
/// no `Expect`, while no recorder is set. Everything else goes on to the router unchanged (handshakes,
/// chunked or oversize bodies, unknown paths, `serve --record`).
///
/// HTTP/1.1 pipelining keeps its order: a request arriving while an earlier one is still being answered (here
/// or by the router) is held, with every part after it, until that answer is written; reads stop meanwhile.
/// A server shutdown (`ChannelShouldQuiesceEvent`) waits for the reply in flight before the connection closes.
final class WebhookChannelHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let pipeline: WebhookPipeline
    private let store: any EventStore
    private let serverName: String?

    /// Which handler the request being read belongs to.
    private enum Reading {
        case nothing
        case forwarding
        case serving
    }
    private var reading = Reading.nothing
    /// A claimed request, from its head until its reply is written.
    private var own: OwnRequest?
    /// Requests passed on to the router whose response has not ended.
    private var forwardedInFlight = 0
    /// Parts that arrived behind a request still in flight, in order.
    private var held = CircularBuffer<HTTPRequestPart>()
    /// A `read` asked for while parts are held or a reply is awaited.
    private var readPending = false
    /// The server asked the connection to wind down while a reply was in flight.
    private var quiescePending = false
    private var draining = false
    /// Set by ``dispatch(_:context:)`` when it passed a part on (a replay then ends with a read-complete).
    private var passedOn = false
    private var dateCache = HTTPDateCache()

    /// A webhook request served here.
    private struct OwnRequest {
        var head: HTTPRequest
        var target: WebhookPipeline.Target
        var body: [UInt8]
        /// The body has been read; the reply waits for the pipeline (and the store).
        var complete = false
    }

    init(pipeline: WebhookPipeline, store: any EventStore, serverName: String?) {
        self.pipeline = pipeline
        self.store = store
        self.serverName = serverName
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if !held.isEmpty || !dispatch(part, context: context) { held.append(part) }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        context.write(data, promise: promise)
        guard case .end = unwrapOutboundIn(data) else { return }
        forwardedInFlight -= 1
        if forwardedInFlight == 0 && !held.isEmpty {
            // Not from inside the router's write: the held parts are replayed on the next tick.
            context.eventLoop.assumeIsolated().execute { self.drainHeld(context: context) }
        }
    }

    func read(context: ChannelHandlerContext) {
        if !held.isEmpty || own?.complete == true {
            readPending = true
        } else {
            context.read()
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent, own != nil {
            quiescePending = true
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        held.removeAll()
        context.fireChannelInactive()
    }

    /// Handles one part; returns `false` when it has to wait behind a request in flight.
    private func dispatch(_ part: HTTPRequestPart, context: ChannelHandlerContext) -> Bool {
        switch part {
        case .head(let head):
            if own != nil { return false }
            if let target = claim(head) {
                if forwardedInFlight > 0 { return false }
                var body: [UInt8] = []
                body.reserveCapacity(head.headerFields[.contentLength].flatMap { Int($0) } ?? 0)
                own = OwnRequest(head: head, target: target, body: body)
                reading = .serving
            } else {
                reading = .forwarding
                forwardedInFlight += 1
                passOn(part, context: context)
            }
        case .body(let buffer):
            if case .serving = reading {
                own?.body.append(contentsOf: buffer.readableBytesView)
            } else {
                passOn(part, context: context)
            }
        case .end:
            if case .serving = reading {
                reading = .nothing
                own?.complete = true
                respond(context: context)
            } else {
                reading = .nothing
                passOn(part, context: context)
            }
        }
        return true
    }

    private func passOn(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        passedOn = true
        context.fireChannelRead(wrapInboundOut(part))
    }

    /// The webhook target of `head`, when this handler serves it.
    private func claim(_ head: HTTPRequest) -> WebhookPipeline.Target? {
        guard head.method == .post, pipeline.recorder == nil, head.headerFields[.expect] == nil,
            let path = head.path, path.hasPrefix("/webhooks/"),
            let length = head.headerFields[.contentLength].flatMap({ Int($0) }),
            length <= pipeline.configuration.limits.maxBodyBytes
        else { return nil }
        let route = path.prefix { $0 != "?" }.split(separator: "/")
        guard route.count == 2 || route.count == 3 else { return nil }
        switch pipeline.route(provider: String(route[1]), connection: route.count == 3 ? String(route[2]) : nil) {
        case .target(let target): return target
        case .reply: return nil  // the router answers 404 (and counts it)
        }
    }

    /// Runs the pipeline for the request just read and writes its reply, now or when the store answers.
    private func respond(context: ChannelHandlerContext) {
        guard let request = own else { return }
        let inbound = pipeline.inbound(
            method: request.head.method, authority: request.head.authority, path: request.head.path ?? "/",
            headers: request.head.headerFields, body: request.body)
        let pipeline = self.pipeline
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        switch pipeline.process(inbound, target: request.target) {
        case .reply(let reply):
            send(reply, context: context)
        case .quarantine(let quarantined, let status):
            store.quarantine(quarantined) { result in
                bound.eventLoop.execute {
                    let (handler, context) = bound.value
                    handler.send(pipeline.quarantined(result, quarantined, status: status), context: context)
                }
            }
        case .append(let pending):
            store.append(pending.records, receivedAt: pending.receivedAt) { result in
                bound.eventLoop.execute {
                    let (handler, context) = bound.value
                    handler.send(pipeline.appended(result, pending), context: context)
                }
            }
        }
    }

    private func send(_ reply: WebhookReply, context: ChannelHandlerContext) {
        let closing = own?.head.headerFields[.connection]?.lowercased() == "close"
        own = nil
        var fields = HTTPFields()
        fields.reserveCapacity(5)
        fields[.contentType] = reply.contentType
        fields[.contentLength] = String(reply.body.utf8.count)
        fields[.date] = dateCache.now()
        if let serverName { fields[.server] = serverName }
        if closing { fields[.connection] = "close" }
        context.write(wrapOutboundOut(.head(HTTPResponse(status: reply.status, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(context.channel.allocator.buffer(string: reply.body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        if closing {
            held.removeAll()
            context.close(promise: nil)
            return
        }
        if quiescePending {
            // The router's connection handler closes now, or after its own response in flight.
            quiescePending = false
            held.removeAll()
            context.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
            return
        }
        drainHeld(context: context)
    }

    /// Replays held parts until one has to wait again, then resumes reading if a read was asked for.
    private func drainHeld(context: ChannelHandlerContext) {
        guard !draining else { return }
        draining = true
        defer { draining = false }
        passedOn = false
        while let part = held.popFirst() {
            guard dispatch(part, context: context) else {
                held.prepend(part)
                break
            }
        }
        if passedOn { context.fireChannelReadComplete() }
        if readPending && held.isEmpty && own?.complete != true {
            readPending = false
            context.read()
        }
    }
}
