/// Media downloads through 360dialog (docs/providers.md §2.5).
///
/// `GET {base}/{media_id}` answers with a Meta `url` on `lookaside.fbsbx.com`; 360dialog serves the
/// same path from its own host, fetched with the `D360-API-KEY` header instead of a Meta token.
public enum Dialog360Media {
    /// The host Meta's media URLs point at.
    public static let metaMediaHost = "lookaside.fbsbx.com"

    /// `url` with `https://lookaside.fbsbx.com` (or `http://`) replaced by `base` (360dialog's host by
    /// default), path and query kept. Any other URL is returned unchanged.
    ///
    /// `https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1&ext=2` →
    /// `https://waba-v2.360dialog.io/whatsapp_business/attachments/?mid=1&ext=2`.
    public static func downloadURL(for url: String, base: String = Dialog360Outbound.defaultBaseURL) -> String {
        var trimmedBase = base
        while trimmedBase.hasSuffix("/") { trimmedBase.removeLast() }
        for scheme in ["https://", "http://"] {
            let prefix = scheme + metaMediaHost
            guard url.lowercased().hasPrefix(prefix) else { continue }
            let rest = url.dropFirst(prefix.count)
            // Only a whole host matches: the next character must end the authority.
            guard rest.isEmpty || rest.first == "/" || rest.first == "?" || rest.first == "#" || rest.first == ":" else {
                return url
            }
            if rest.first == ":" {
                // An explicit port belongs to Meta's host: drop it with the host.
                let afterPort = rest.drop { $0 != "/" && $0 != "?" && $0 != "#" }
                return trimmedBase + afterPort
            }
            return trimmedBase + rest
        }
        return url
    }

    /// The media metadata URL for `mediaID`: `{base}/{media_id}`.
    public static func metadataURL(mediaID: String, base: String = Dialog360Outbound.defaultBaseURL) -> String {
        var trimmedBase = base
        while trimmedBase.hasSuffix("/") { trimmedBase.removeLast() }
        return "\(trimmedBase)/\(mediaID)"
    }
}
