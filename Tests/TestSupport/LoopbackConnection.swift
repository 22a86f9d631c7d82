#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One TCP connection on loopback, used by one thread: an accepted one (``LoopbackListener``) or a client's
/// (``connect(port:)``). Buffered reads of lines and byte counts, and writes that never raise SIGPIPE.
public final class LoopbackConnection {
    /// The connection's number, counting from 1 in accept order (per listener); 0 for a client connection.
    public let id: Int
    private let socket: Int32
    /// The socket, for extensions in other files.
    var descriptor: Int32 { socket }
    private let ownsSocket: Bool
    private var buffer: [UInt8] = []
    private var position = 0

    init(socket: Int32, id: Int, ownsSocket: Bool = false) {
        self.socket = socket
        self.id = id
        self.ownsSocket = ownsSocket
    }

    deinit { if ownsSocket { close(socket) } }

    /// Connects to `127.0.0.1:port`. Reads give up after `timeout` without data (a server that never answers
    /// fails the test instead of hanging it); the socket closes with the connection.
    public static func connect(port: Int, timeout: Duration = .seconds(10)) throws -> LoopbackConnection {
        let fd = newStreamSocket()
        guard fd >= 0 else { throw LoopbackError("socket() failed: errno \(errno)") }
        var limit = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in.loopback(port: UInt16(port))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connectSocket(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw LoopbackError("connect to 127.0.0.1:\(port) failed: errno \(errno)")
        }
        return LoopbackConnection(socket: fd, id: 0, ownsSocket: true)
    }

    /// The next line without its CRLF (or LF), or `nil` when the peer closed first.
    public func readLine(limit: Int = 64 * 1024) -> String? {
        while true {
            if let newline = buffer[position...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > position, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = String(decoding: buffer[position..<end], as: UTF8.self)
                position = newline + 1
                return line
            }
            if buffer.count - position > limit || !fill() { return nil }
        }
    }

    /// Exactly `count` bytes, or `nil` when the peer closed first.
    public func read(count: Int) -> [UInt8]? {
        while buffer.count - position < count {
            if !fill() { return nil }
        }
        let bytes = Array(buffer[position..<position + count])
        position += count
        return bytes
    }

    /// Writes all of `bytes`; `false` when the peer is gone.
    @discardableResult
    public func write(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                sendWithoutSignal(socket, raw.baseAddress! + offset, raw.count - offset)
            }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    /// Writes `text` as UTF-8.
    @discardableResult
    public func write(_ text: String) -> Bool { write(Array(text.utf8)) }

    /// Waits up to `duration`, returning early with `true` if the peer closes the connection meanwhile.
    /// Bytes the peer sends during the wait stay buffered for the next read.
    public func waitForHangUp(upTo duration: Duration) -> Bool {
        let deadline = ContinuousClock.now + duration
        while ContinuousClock.now < deadline {
            var entry = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&entry, 1, 10)
            if ready > 0 {
                if entry.revents & Int16(POLLIN | POLLHUP | POLLERR) != 0, !fill() { return true }
            }
        }
        return false
    }

    /// Reads more bytes into the buffer; `false` on end of stream or error.
    private func fill() -> Bool {
        if position > 0 && position == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            position = 0
        }
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[0..<count])
        return true
    }
}

/// A new TCP socket (inside ``LoopbackConnection`` `socket` is the stored property).
private func newStreamSocket() -> Int32 {
    socket(AF_INET, Int32(SOCK_STREAM_VALUE), 0)
}

/// The C library's `connect` (inside ``LoopbackConnection`` the name is the static method's).
private func connectSocket(_ socket: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
    connect(socket, address, length)
}

/// `send` without SIGPIPE when the peer has gone.
private func sendWithoutSignal(_ socket: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        return send(socket, bytes, count, Int32(MSG_NOSIGNAL))
    #else
        var yes: Int32 = 1
        _ = setsockopt(socket, SOL_SOCKET, SO_NOSIGPIPE, &yes, socklen_t(MemoryLayout<Int32>.size))
        return send(socket, bytes, count, 0)
    #endif
}
