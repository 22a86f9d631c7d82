import Foundation
import SwitchboardCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Real `switchboard serve` child processes for tests that need several gateways, crashes or restarts: each
/// node runs the debug binary (``SwitchboardProcess/binary``) with `serve --config FILE` on a free loopback
/// port, its output appended to a log file; ``GatewayNode/waitUntilReady(timeout:)`` waits until `GET /readyz`
/// answers 200. A node can be killed with SIGKILL (``GatewayNode/kill()``), stopped with SIGTERM
/// (``GatewayNode/terminate(timeout:)``) and started again with the same configuration and port
/// (``GatewayNode/start()``).
///
/// ```swift
/// let cluster = try GatewayCluster(nodes: 3) { index, port in "listen: 127.0.0.1:\(port)\nstore: …" }
/// defer { cluster.killAll() }
/// try await cluster.start()                     // every node ready
/// try cluster.nodes[0].kill()                   // kill -9
/// try await cluster.nodes[0].restart()          // same config, same port
/// try await cluster.stop()                      // SIGTERM each, waits; removes the folder
/// ```
public final class GatewayCluster: Sendable {
    /// The nodes, in index order.
    public let nodes: [GatewayNode]
    /// The temporary folder holding every node's configuration and log.
    public let folder: URL

    /// Writes one configuration per node, `configuration(index, port)` with a free loopback port each, into a new
    /// temporary folder. Nothing runs until ``start()``.
    public init(nodes count: Int, configuration: (_ index: Int, _ port: Int) throws -> String) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-cluster-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var nodes: [GatewayNode] = []
        for index in 0..<count {
            let port = try GatewayNode.freePort()
            let file = folder.appendingPathComponent("gateway-\(index).yaml")
            try configuration(index, port).write(to: file, atomically: true, encoding: .utf8)
            nodes.append(
                GatewayNode(index: index, port: port, configuration: file, log: folder.appendingPathComponent("serve-\(index).log")))
        }
        self.nodes = nodes
    }

    /// Starts every node, then waits until each is ready.
    public func start(timeout: Duration = .seconds(60)) async throws {
        for node in nodes { try node.start() }
        for node in nodes { try await node.waitUntilReady(timeout: timeout) }
    }

    /// Stops every running node with SIGTERM and waits for each (SIGKILL after `timeout`), then removes the folder
    /// unless `keepingFolder`. Returns the exit statuses by node index (`nil` for a node that was not running).
    @discardableResult
    public func stop(timeout: Duration = .seconds(30), keepingFolder: Bool = false) async throws -> [Int32?] {
        var statuses: [Int32?] = []
        for node in nodes { statuses.append(node.isRunning ? try await node.terminate(timeout: timeout) : nil) }
        if !keepingFolder { try? FileManager.default.removeItem(at: folder) }
        return statuses
    }

    /// Kills every node still running (SIGKILL) and waits for each: the cleanup of a test that failed midway.
    public func killAll() {
        for node in nodes where node.isRunning { try? node.kill() }
    }

    /// Every node's log, each under a `--- node N (port P) ---` line: for a failure message.
    public var logs: String {
        nodes.map { "--- node \($0.index) (port \($0.port)) ---\n\($0.log)" }.joined(separator: "\n")
    }
}

/// One `switchboard serve` child process of a ``GatewayCluster``: its configuration file and port stay the same
/// across restarts; its log file collects the output of every run.
public final class GatewayNode: Sendable {
    /// The node's number in its cluster, from 0.
    public let index: Int
    /// The loopback port the configuration listens on (`http://127.0.0.1:port`).
    public let port: Int
    /// The configuration file passed to `serve --config`.
    public let configuration: URL
    /// The output of every run, appended.
    public let logFile: URL
    private let process = Locked<Process?>(nil)

    init(index: Int, port: Int, configuration: URL, log: URL) {
        self.index = index
        self.port = port
        self.configuration = configuration
        self.logFile = log
    }

    /// `http://127.0.0.1:port`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The running process's id, `nil` when none runs.
    public var pid: Int32? { process.withLock { $0.flatMap { $0.isRunning ? $0.processIdentifier : nil } } }

    /// Whether a process runs now.
    public var isRunning: Bool { process.withLock { $0?.isRunning ?? false } }

    /// Everything the node's runs printed so far.
    public var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// Launches `switchboard serve --config FILE` (it is not ready yet: see ``waitUntilReady(timeout:)``). Throws
    /// when the binary is missing or a process of this node still runs.
    public func start() throws {
        guard SwitchboardProcess.isBuilt else {
            throw LoopbackError("build the binary first: swift build (\(SwitchboardProcess.binary.path))")
        }
        if !FileManager.default.fileExists(atPath: logFile.path) {
            _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: logFile)
        handle.seekToEndOfFile()
        let child = Process()
        child.executableURL = SwitchboardProcess.binary
        child.arguments = ["serve", "--config", configuration.path]
        child.currentDirectoryURL = FixturePaths.packageRoot
        child.standardOutput = handle
        child.standardError = handle
        try process.withLock { current in
            if let current, current.isRunning { throw LoopbackError("node \(index) is already running (pid \(current.processIdentifier))") }
            try child.run()
            current = child
        }
        try? handle.close()
    }

    /// Waits until `GET /readyz` answers 200 (the process listens and its store answers). Throws with the node's
    /// log when the process exits first or `timeout` passes.
    public func waitUntilReady(timeout: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard isRunning else { throw LoopbackError("node \(index) exited before it was ready:\n\(log)") }
            if readyzStatus() == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw LoopbackError("node \(index) (port \(port)) was not ready within \(timeout):\n\(log)")
    }

    /// Starts the node again with the same configuration and port and waits until it is ready.
    public func restart(timeout: Duration = .seconds(60)) async throws {
        try start()
        try await waitUntilReady(timeout: timeout)
    }

    /// `kill -9`: SIGKILL, then waits until the process is gone. Nothing of the process runs afterwards (no
    /// graceful shutdown, no store flush).
    public func kill() throws {
        guard let child = process.withLock({ $0 }), child.isRunning else { throw LoopbackError("node \(index) is not running") }
        sendSignal(SIGKILL, to: child.processIdentifier)
        child.waitUntilExit()
    }

    /// SIGTERM (graceful shutdown), then waits up to `timeout` for the process to exit, after which it is killed
    /// with SIGKILL. Returns the exit status (the signal number for a process killed by a signal).
    @discardableResult
    public func terminate(timeout: Duration = .seconds(30)) async throws -> Int32 {
        guard let child = process.withLock({ $0 }), child.isRunning else { throw LoopbackError("node \(index) is not running") }
        child.terminate()
        let deadline = ContinuousClock.now + timeout
        while child.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        if child.isRunning {
            sendSignal(SIGKILL, to: child.processIdentifier)
            child.waitUntilExit()
            throw LoopbackError("node \(index) did not stop within \(timeout) of SIGTERM; killed:\n\(log)")
        }
        return child.terminationStatus
    }

    /// The status of `GET /readyz`, `nil` when nothing answers.
    func readyzStatus() -> Int? {
        guard let connection = try? LoopbackConnection.connect(port: port, timeout: .seconds(2)) else { return nil }
        guard connection.write("GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
            let line = connection.readLine()
        else { return nil }
        let parts = line.split(separator: " ")
        return parts.count >= 2 ? Int(parts[1]) : nil
    }

    /// A loopback port nothing listens on now (bound, read, released).
    static func freePort() throws -> Int {
        let (port, socket) = try LoopbackListener.refusingPort()
        close(socket)
        return port
    }
}

/// The C library's `kill` (inside ``GatewayNode`` the name is the method's).
private func sendSignal(_ signal: Int32, to pid: Int32) {
    _ = kill(pid, signal)
}
