/// How the SQLite store syncs its commits (`PRAGMA synchronous`; `store.synchronous` in the configuration).
public enum SQLiteSynchronous: String, Sendable, Hashable, CaseIterable {
    /// Every commit syncs the WAL: durable on power loss (the default).
    case full
    /// The WAL is synced at checkpoints only: durable on a crash of the process, not on power loss.
    case normal

    /// The pragma's value (`FULL`, `NORMAL`).
    var pragma: String { rawValue.uppercased() }
}
