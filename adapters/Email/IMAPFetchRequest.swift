import AdapterKit
import SwitchboardCore

/// One poll of an IMAP mailbox, described as data for a libcurl-based poller.
///
/// A poll is two steps: `UID SEARCH` on ``url`` (libcurl: `CURLOPT_URL` = `url`,
/// `CURLOPT_CUSTOMREQUEST` = ``searchCommand``), then for each new UID the raw message with
/// ``fetchCommand(uid:)`` (`BODY.PEEK[]`, so the message is not marked `\Seen`), or ``fetchURL(uid:)``
/// with libcurl's URL syntax. Each fetched message goes to the email adapter's `decode` with the
/// mailbox as ``DecodeContext/account``. The poller keeps the highest UID it processed and the
/// mailbox's `UIDVALIDITY`; when `UIDVALIDITY` changes, the old UIDs mean nothing and it starts over
/// (``init(connection:lastUID:)`` with `nil`). Credentials, as for SMTP, stay in the connection's
/// secrets (`username`, `password`) and are never part of this value.
public struct IMAPFetchRequest: Sendable, Hashable {
    /// `imaps://host:993/INBOX` (or `imap://host:143/...` when STARTTLS is used).
    public var url: String
    /// The mailbox name (`INBOX`).
    public var mailbox: String
    /// The highest UID already processed, or `nil` on the first poll.
    public var lastUID: UInt32?
    /// Whether `imap://` must upgrade with STARTTLS (CURLUSESSL_ALL).
    public var requireTLS: Bool

    /// A poll for the mailbox of `connection`: `options["imap_url"]` (a full `imaps://host/MAILBOX`
    /// URL), or `options["imap_host"]` + `options["imap_port"]` (default 993) + `options["imap_mailbox"]`
    /// (default `INBOX`).
    public init(connection: ConnectionConfig, lastUID: UInt32?) throws(SwitchboardError) {
        self.lastUID = lastUID
        self.requireTLS = connection.options["require_tls"]?.lowercased() != "false"
        if let configured = connection.options["imap_url"], !configured.isEmpty {
            let lowered = configured.lowercased()
            guard lowered.hasPrefix("imaps://") || lowered.hasPrefix("imap://") else {
                throw SwitchboardError(code: "invalid_connection", message: "options.imap_url must be imaps:// or imap://")
            }
            let afterScheme = configured.drop(while: { $0 != "/" }).dropFirst(2)
            let path = afterScheme.drop(while: { $0 != "/" }).dropFirst()
            mailbox = path.isEmpty ? "INBOX" : String(path)
            url = path.isEmpty ? configured + (configured.hasSuffix("/") ? "" : "/") + "INBOX" : configured
            return
        }
        guard let host = connection.options["imap_host"], !host.isEmpty else {
            throw SwitchboardError(
                code: "invalid_connection", message: "the email connection needs options.imap_url or options.imap_host to poll")
        }
        let port = connection.options["imap_port"].flatMap(Int.init) ?? 993
        mailbox = connection.options["imap_mailbox"] ?? "INBOX"
        url = "\(port == 993 ? "imaps" : "imap")://\(host):\(port)/\(Self.percentEncoded(mailbox))"
    }

    /// `UID SEARCH UID <last+1>:*` after the first poll; `UID SEARCH UNSEEN` on the first one, so a
    /// new connection does not replay the whole mailbox.
    public var searchCommand: String {
        guard let lastUID else { return "UID SEARCH UNSEEN" }
        return "UID SEARCH UID \(UInt64(lastUID) + 1):*"
    }

    /// The command that fetches one message without setting `\Seen`.
    public func fetchCommand(uid: UInt32) -> String { "UID FETCH \(uid) (UID BODY.PEEK[])" }

    /// libcurl's URL for one message (`imaps://host:993/INBOX;UID=42`).
    public func fetchURL(uid: UInt32) -> String { "\(url);UID=\(uid)" }

    /// The UIDs of an untagged `* SEARCH 4 7 9` reply that are newer than ``lastUID``, ascending.
    /// (`UID n:*` always matches the newest message, even when its UID is below `n`: it is dropped here.)
    public func newUIDs(inSearchResponse text: String) -> [UInt32] {
        var uids: [UInt32] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let words = line.split(separator: " ")
            guard words.count >= 2, words[0] == "*", words[1].uppercased() == "SEARCH" else { continue }
            uids += words.dropFirst(2).compactMap { UInt32($0) }
        }
        return Array(Set(uids.filter { lastUID == nil || $0 > lastUID! })).sorted()
    }

    private static func percentEncoded(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            if (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || "-._~/".utf8.contains(byte)
            {
                output.append(Character(Unicode.Scalar(byte)))
            } else {
                output += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return output
    }
}
