import Foundation
import SwitchboardCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A TCP listener on `127.0.0.1` (an ephemeral port) that serves each accepted connection on its own
/// thread. The building block of ``LoopbackHTTPServer`` and of the fake SMTP server in the transport tests.
public final class LoopbackListener: Sendable {
    /// The port the listener is bound to.
    public let port: Int
    private let listenSocket: Int32
    private let state = Locked(State())

    private struct State {
        var stopped = false
        var accepted = 0
        var open: Set<Int32> = []
    }

    /// Binds and starts accepting. `serve` runs on a new thread for each connection, and the socket is
    /// closed when it returns.
    public init(serve: @escaping @Sendable (LoopbackConnection) -> Void) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM_VALUE), 0)
        guard fd >= 0 else { throw LoopbackError("socket() failed: errno \(errno)") }
        var yes: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 512) == 0 else {
            close(fd)
            throw LoopbackError("bind/listen on 127.0.0.1 failed: errno \(errno)")
        }
        self.listenSocket = fd
        self.port = Self.localPort(of: fd)
        let thread = Thread { [self] in acceptLoop(serve: serve) }
        thread.name = "loopback.accept"
        thread.start()
    }

    deinit { stop() }

    /// How many TCP connections were accepted so far.
    public var acceptedConnections: Int { state.withLock { $0.accepted } }

    /// Stops accepting and shuts every open connection down (their threads then return).
    public func stop() {
        let open = state.withLock { state in
            state.stopped = true
            return state.open
        }
        for fd in open { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop(serve: @escaping @Sendable (LoopbackConnection) -> Void) {
        var next = 0
        while !state.withLock({ $0.stopped }) {
            var entry = pollfd(fd: listenSocket, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 50) > 0 else { continue }
            let client = accept(listenSocket, nil, nil)
            guard client >= 0 else { continue }
            var yes: Int32 = 1
            _ = setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
            next += 1
            let id = next
            let accepted = state.withLock { state in
                guard !state.stopped else { return false }
                state.accepted += 1
                state.open.insert(client)
                return true
            }
            guard accepted else {
                close(client)
                break
            }
            let thread = Thread { [self] in
                serve(LoopbackConnection(socket: client, id: id))
                state.withLock { _ = $0.open.remove(client) }
                close(client)
            }
            thread.name = "loopback.connection"
            thread.start()
        }
        close(listenSocket)
    }

    private static func localPort(of fd: Int32) -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// A port on 127.0.0.1 where nothing listens, held for as long as the returned socket is open
    /// (bound, never listening), so connecting to it is refused. Close the socket when done.
    public static func refusingPort() throws -> (port: Int, socket: Int32) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM_VALUE), 0)
        var address = sockaddr_in.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard fd >= 0, bound == 0 else { throw LoopbackError("could not reserve a port") }
        return (localPort(of: fd), fd)
    }
}

/// A loopback socket failure.
public struct LoopbackError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

#if canImport(Glibc)
    let SOCK_STREAM_VALUE = Int32(SOCK_STREAM.rawValue)
#else
    let SOCK_STREAM_VALUE = SOCK_STREAM
#endif

extension sockaddr_in {
    static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}
