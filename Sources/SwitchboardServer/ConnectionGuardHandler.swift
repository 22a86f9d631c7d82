import HTTPTypes
import Logging
import NIOCore
import NIOHTTPTypes

/// The NIO shell of a connection's ``ConnectionGuard``: feeds it the connection's events (bytes read, the server
/// asking for more, request heads and ends, response ends, its timer) and does what it returns — arms the one
/// timer, closes the channel, tells the ``ConnectionLimiter`` whether the connection is evictable.
///
/// It sits in Hummingbird's HTTP/1 pipeline after the HTTP codec (`additionalChannelHandlers`) and adds a
/// ``ConnectionByteProbe`` at the front of the pipeline, so the first byte of a head is seen before a whole
/// head is decoded.
final class ConnectionGuardHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var state: ConnectionGuard<ContinuousClock>
    private let limiter: ConnectionLimiter
    private let metrics: GatewayMetrics
    private let logger: Logger
    private var context: ChannelHandlerContext?
    private var id: ConnectionTable.ID?
    private var timer: Scheduled<Void>?

    init(timeouts: HTTPConnectionTimeouts, limiter: ConnectionLimiter, metrics: GatewayMetrics, logger: Logger) {
        self.state = ConnectionGuard(timeouts: timeouts, now: .now)
        self.limiter = limiter
        self.metrics = metrics
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        do {
            try context.pipeline.syncOperations.addHandler(ConnectionByteProbe(owner: self), position: .first)
        } catch {
            logger.debug("connection guard: no byte probe", metadata: ["error.message": "\(error)"])
        }
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        id = limiter.register { bound.eventLoop.execute { bound.value.evict() } }
        apply(state.start(now: .now))
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        finish()
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: apply(state.headReceived(now: .now))
        case .body: break
        case .end: apply(state.endReceived(now: .now))
        }
        context.fireChannelRead(data)
    }

    func read(context: ChannelHandlerContext) {
        apply(state.readRequested(now: .now))
        context.read()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let ended = if case .end = unwrapOutboundIn(data) { true } else { false }
        context.write(data, promise: promise)
        if ended { apply(state.responseEnded(now: .now)) }
    }

    /// Bytes arrived (from the probe).
    fileprivate func bytesRead() {
        apply(state.bytesRead(now: .now))
    }

    /// The limiter chose this connection to make room.
    private func evict() {
        apply(state.evict(now: .now))
    }

    private func timerFired() {
        timer = nil
        apply(state.timerFired(now: .now))
    }

    private func apply(_ action: ConnectionGuard<ContinuousClock>.Action) {
        guard let context else { return }
        if let deadline = action.timer {
            timer?.cancel()
            timer = context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(Self.nanoseconds(deadline - .now))) {
                self.timerFired()
            }
        }
        if let evictable = action.evictable, let id { limiter.setEvictable(id, evictable) }
        if let reason = action.close {
            metrics.httpConnectionClosed(reason: reason)
            logger.debug("connection closed by the server", metadata: ["switchboard.reason": "\(reason.rawValue)"])
            context.close(promise: nil)
        }
    }

    /// Stops the timer and leaves the limiter (once).
    private func finish() {
        state.closed()
        timer?.cancel()
        timer = nil
        if let id { limiter.remove(id) }
        id = nil
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        max(0, duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }
}

/// Tells its ``ConnectionGuardHandler`` that bytes arrived, before the HTTP decoder sees them.
final class ConnectionByteProbe: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let owner: ConnectionGuardHandler

    init(owner: ConnectionGuardHandler) {
        self.owner = owner
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        owner.bytesRead()
        context.fireChannelRead(data)
    }
}

@available(*, unavailable)
extension ConnectionGuardHandler: Sendable {}

@available(*, unavailable)
extension ConnectionByteProbe: Sendable {}
