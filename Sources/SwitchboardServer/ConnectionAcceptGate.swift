import NIOCore

/// Pauses accepting on the listening socket while the ``ConnectionLimiter`` says no (the cap reached with
/// every connection busy): it holds back the socket's reads, so new connections wait in the kernel's backlog
/// instead of being accepted and refused, and nothing spins. The limiter resumes it when a connection closes
/// or becomes evictable.
///
/// Added first in the listening channel's pipeline once the server runs, so it sees every read request,
/// including NIO's own accept back-off (`AcceptBackoffHandler`, which retries a second after `EMFILE`).
final class ConnectionAcceptGate: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = Never
    typealias OutboundOut = Never

    private let limiter: ConnectionLimiter
    private var context: ChannelHandlerContext?
    /// A read was held back.
    private var waiting = false

    init(limiter: ConnectionLimiter) {
        self.limiter = limiter
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        limiter.onResume { bound.eventLoop.execute { bound.value.resume() } }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        if waiting {
            waiting = false
            context.read()
        }
    }

    func read(context: ChannelHandlerContext) {
        if limiter.admitsNewConnection() {
            context.read()
        } else {
            waiting = true
        }
    }

    private func resume() {
        guard waiting, let context else { return }
        waiting = false
        // Asks the limiter again: another connection may have taken the room meanwhile.
        read(context: context)
    }
}

@available(*, unavailable)
extension ConnectionAcceptGate: Sendable {}
