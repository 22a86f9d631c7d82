import CSQLite
import Foundation

/// Copies the WAL back into the database file on its own thread and connection, so the writer's commits do
/// not wait for it.
///
/// With SQLite's automatic checkpoint the writer thread itself copies ~1 000 pages into the database file
/// and fsyncs it every ~1 000 WAL frames: a stall of several milliseconds (measured ~4 – 5 ms on the CI disk,
/// every ~100 ms at half the peak webhook rate) that every request queued behind the commit pays. Here:
///
/// 1. After a commit leaves the WAL at ``threshold`` frames or more, the writer calls ``request(round:)``.
/// 2. This thread runs a `PASSIVE` checkpoint on its own connection. It backfills the frames committed
///    before it started while the writer keeps committing (a passive checkpoint takes no writer lock).
/// 3. The next time the writer commits and finds that pass finished (``takeFinishedPass(round:)``), it runs
///    a passive checkpoint itself: only the frames committed during the pass are left, so it is short, and
///    it leaves the WAL fully backfilled, which lets the writer's next transaction restart the WAL from its
///    beginning (a checkpoint by another connection alone rarely finds a moment with no commit in between).
///
/// Durability does not change: commits are still synced to the WAL (`synchronous=FULL`) before they return.
final class SQLiteCheckpointer: @unchecked Sendable {
    /// WAL size, in frames, from which the writer asks for a pass (SQLite's own default for auto-checkpoints).
    let threshold: Int32
    private let connection: SQLiteConnection
    private let condition = NSCondition()
    /// The round of the latest request (the writer starts a new round each time the WAL is restarted).
    private var requestedRound = -1
    private var runningRound = -1
    private var finishedRound = -1
    private var stopping = false
    private var stopped = false
    private var passCount = 0

    /// Opens its own connection to `path` (same synchronous setting as the writer) and starts its thread.
    init(path: String, synchronous: SQLiteSynchronous, threshold: Int32 = 1000) throws(StoreError) {
        connection = try SQLiteConnection(path: path)
        try connection.execute("PRAGMA busy_timeout = 5000")
        try connection.execute("PRAGMA synchronous = \(synchronous.pragma)")
        try connection.execute("PRAGMA wal_autocheckpoint = 0")
        self.threshold = threshold
        Thread.startNamed("sb-sqlite-ckpt") { [self] in loop() }
    }

    /// Passes run so far.
    var passes: Int {
        condition.lock()
        defer { condition.unlock() }
        return passCount
    }

    /// Asks for a pass in `round` (no-op while one of that round is queued or running).
    func request(round: Int) {
        condition.lock()
        if requestedRound != round && runningRound != round {
            requestedRound = round
            condition.signal()
        }
        condition.unlock()
    }

    /// Whether a pass of `round` finished since the last call (consumes it).
    func takeFinishedPass(round: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard finishedRound == round else { return false }
        finishedRound = -1
        return true
    }

    /// Stops the thread after the pass in progress (its connection closes when the checkpointer is released).
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        while !stopped { condition.wait() }
        condition.unlock()
    }

    private func loop() {
        condition.lock()
        while true {
            while requestedRound < 0 && !stopping { condition.wait() }
            if stopping { break }
            let round = requestedRound
            requestedRound = -1
            runningRound = round
            condition.unlock()
            Self.passiveCheckpoint(connection.handle)
            condition.lock()
            runningRound = -1
            finishedRound = round
            passCount += 1
        }
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// One `PASSIVE` checkpoint of the main database: never waits for locks, copies what it can.
    static func passiveCheckpoint(_ handle: OpaquePointer) {
        _ = sqlite3_wal_checkpoint_v2(handle, "main", SQLITE_CHECKPOINT_PASSIVE, nil, nil)
    }
}

/// The WAL's size in frames after the writer's last commit, as SQLite's WAL hook reports it.
final class WALFrameCount {
    var frames: Int32 = 0

    /// Replaces the connection's automatic checkpoint with a hook that records the WAL size into `self`
    /// (the hook runs on the writer thread, inside each commit).
    func install(on connection: SQLiteConnection) {
        sqlite3_wal_hook(
            connection.handle,
            { context, _, _, frames in
                guard let context else { return SQLITE_OK }
                Unmanaged<WALFrameCount>.fromOpaque(context).takeUnretainedValue().frames = frames
                return SQLITE_OK
            }, Unmanaged.passUnretained(self).toOpaque())
    }
}
