import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension LoopbackConnection {
    /// Waits up to `duration` until the server end of this client connection has read every byte sent to it
    /// (its receive queue in `/proc/net/tcp` is empty), so a test knows the server *has* the bytes instead of
    /// hoping a sleep was long enough. `false` on timeout. Linux only; elsewhere it waits 200 ms and says `true`.
    public func waitUntilPeerRead(upTo duration: Duration) -> Bool {
        #if os(Linux)
            guard let ports = ports() else { return false }
            let local = String(format: ":%04X", ports.server)
            let remote = String(format: ":%04X", ports.client)
            let deadline = ContinuousClock.now + duration
            while ContinuousClock.now < deadline {
                let table = Self.readProcFile("/proc/net/tcp")
                for line in table.split(separator: "\n").dropFirst() {
                    let fields = line.split(separator: " ")
                    guard fields.count > 4, fields[1].hasSuffix(local), fields[2].hasSuffix(remote) else { continue }
                    if fields[4].split(separator: ":").last == "00000000" { return true }
                }
                Thread.sleep(forTimeInterval: 0.005)
            }
            return false
        #else
            Thread.sleep(forTimeInterval: 0.2)
            return true
        #endif
    }

    /// The whole of a `/proc` file. Its size is reported as 0 and the kernel hands it out a page at a time, so
    /// it is read until end of file (Foundation's `String(contentsOfFile:)` returned only the first page of a
    /// busy machine's socket table).
    #if os(Linux)
        private static func readProcFile(_ path: String) -> String {
            let file = open(path, O_RDONLY)
            guard file >= 0 else { return "" }
            defer { close(file) }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let count = chunk.withUnsafeMutableBytes { Glibc.read(file, $0.baseAddress, $0.count) }
                guard count > 0 else { break }
                bytes.append(contentsOf: chunk[0..<count])
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    #endif

    /// This connection's own port and the server's.
    private func ports() -> (client: UInt16, server: UInt16)? {
        func port(_ call: (Int32, UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) -> Int32) -> UInt16? {
            var address = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let status = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { call(descriptor, $0, &length) }
            }
            return status == 0 ? UInt16(bigEndian: address.sin_port) : nil
        }
        guard let client = port({ getsockname($0, $1, $2) }), let server = port({ getpeername($0, $1, $2) }) else { return nil }
        return (client, server)
    }
}
