import Yams

/// How the WhatsApp template catalogs are read from the providers (`templates:`).
public struct TemplateSyncSettings: Sendable, Hashable {
    /// Milliseconds between two reads of every catalog (`sync_interval_ms`, default one hour); the first read is at
    /// start. `0` reads only on demand (`POST /v1/connections/{name}/templates/sync`); the template webhooks keep the
    /// catalogs current either way.
    public var syncIntervalMilliseconds = 3_600_000
    /// The most pages one read follows (`max_pages`, default 100 pages of 100 templates): a listing longer than that
    /// fails the read (`too_many_pages`) rather than replacing the catalog with part of it.
    public var maxPages = 100
    /// Templates asked for per page.
    public var pageSize = 100

    public init() {}
}

/// The `templates:` section.
extension ConfigurationLoader {
    static let templatesKeys: Set<String> = ["sync_interval_ms", "max_pages"]

    /// `templates: {sync_interval_ms, max_pages}`.
    func readTemplates(_ node: Node, walker: YAMLWalker, into settings: inout TemplateSyncSettings) {
        guard let members = walker.mapping(node, "templates", allowed: Self.templatesKeys) else { return }
        if let value = walker.int(members["sync_interval_ms"], "templates.sync_interval_ms", range: 0...604_800_000) {
            if value == 0 || value >= 60_000 {
                settings.syncIntervalMilliseconds = value
            } else {
                walker.problem(
                    members["sync_interval_ms"], "templates.sync_interval_ms",
                    "expected 0 (on demand only) or at least 60000 (one minute): a catalog read lists every template")
            }
        }
        if let value = walker.int(members["max_pages"], "templates.max_pages", range: 1...10_000) { settings.maxPages = value }
    }
}
