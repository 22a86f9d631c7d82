import SwitchboardCore

/// What one channel accepts as attachments: MIME types and sizes per kind, and limits per message.
public struct ChannelAttachmentLimits: Sendable, Hashable {
    /// The limits for some attachment kinds.
    public struct KindRule: Sendable, Hashable {
        /// The attachment kinds this entry covers.
        public var kinds: Set<Attachment.Kind>
        /// What the channel calls them, for messages (`images`, `documents`).
        public var label: String
        /// Accepted MIME types; `type/*` accepts a whole family, an empty list accepts anything.
        public var mimeTypes: [String]
        /// Largest accepted size in bytes (`nil` = no limit known).
        public var maxBytes: Int64?

        public init(_ kinds: Set<Attachment.Kind>, _ label: String, mimeTypes: [String], maxBytes: Int64?) {
            self.kinds = kinds
            self.label = label
            self.mimeTypes = mimeTypes
            self.maxBytes = maxBytes
        }

        /// Whether `mimeType` is accepted.
        public func accepts(mimeType: String) -> Bool {
            if mimeTypes.isEmpty { return true }
            let type = mimeType.lowercased()
            return mimeTypes.contains { pattern in
                pattern.hasSuffix("/*") ? type.hasPrefix(pattern.dropLast()) : pattern == type
            }
        }
    }

    /// One entry per family of kinds; a kind with no entry cannot be sent on the channel.
    public var rules: [KindRule]
    /// Most attachments in one message (`nil` = no limit).
    public var maxCount: Int?
    /// Most bytes across all attachments of one message (`nil` = no limit).
    public var maxTotalBytes: Int64?
    /// Whether attachments sent by provider media id skip the checks (Telegram `file_id`s have no size limit).
    public var mediaIDsUnchecked: Bool

    public init(rules: [KindRule], maxCount: Int? = nil, maxTotalBytes: Int64? = nil, mediaIDsUnchecked: Bool = false) {
        self.rules = rules
        self.maxCount = maxCount
        self.maxTotalBytes = maxTotalBytes
        self.mediaIDsUnchecked = mediaIDsUnchecked
    }

    /// The entry for an attachment kind.
    public func rule(for kind: Attachment.Kind) -> KindRule? {
        rules.first { $0.kinds.contains(kind) }
    }

    private static let mb: Int64 = 1_000_000

    /// The tables of docs/providers.md §2.6, §3 Limits, §4 Attachments, §5 Files and §6 MMS. Sizes use decimal
    /// megabytes (1 MB = 1,000,000 bytes), the stricter reading, so nothing the provider would refuse goes out.
    public static let defaults: [Channel: ChannelAttachmentLimits] = [
        .whatsapp: ChannelAttachmentLimits(rules: [
            KindRule(
                [.audio, .voice], "audio", mimeTypes: ["audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg"],
                maxBytes: 16 * mb),
            KindRule(
                [.document, .file], "documents",
                mimeTypes: [
                    "text/plain", "application/pdf", "application/msword",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/vnd.ms-excel",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/vnd.ms-powerpoint",
                    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                ], maxBytes: 100 * mb),
            KindRule([.image], "images", mimeTypes: ["image/jpeg", "image/png"], maxBytes: 5 * mb),
            KindRule([.sticker], "stickers", mimeTypes: ["image/webp"], maxBytes: 500_000),
            KindRule([.video], "videos", mimeTypes: ["video/mp4", "video/3gpp"], maxBytes: 16 * mb),
        ]),
        .messenger: ChannelAttachmentLimits(
            rules: [
                KindRule([.image, .sticker], "images", mimeTypes: ["image/*"], maxBytes: 8 * mb),
                KindRule([.audio, .voice], "audio", mimeTypes: ["audio/*"], maxBytes: 25 * mb),
                KindRule([.video], "videos", mimeTypes: ["video/*"], maxBytes: 25 * mb),
                KindRule([.document, .file], "files", mimeTypes: [], maxBytes: 25 * mb),
            ], maxTotalBytes: 25 * mb),
        .instagram: ChannelAttachmentLimits(
            rules: [
                KindRule([.image, .sticker], "images", mimeTypes: ["image/png", "image/jpeg", "image/gif"], maxBytes: 8 * mb),
                KindRule(
                    [.audio, .voice], "audio", mimeTypes: ["audio/aac", "audio/mp4", "audio/x-m4a", "audio/wav", "audio/x-wav"],
                    maxBytes: 25 * mb),
                KindRule(
                    [.video], "videos",
                    mimeTypes: ["video/mp4", "video/ogg", "video/x-msvideo", "video/avi", "video/quicktime", "video/webm"],
                    maxBytes: 25 * mb),
                KindRule([.document, .file], "files", mimeTypes: ["application/pdf"], maxBytes: 25 * mb),
            ], maxTotalBytes: 25 * mb),
        .telegram: ChannelAttachmentLimits(
            rules: [
                KindRule([.image], "photos", mimeTypes: ["image/*"], maxBytes: 5 * mb),
                KindRule([.voice], "voice notes", mimeTypes: ["audio/ogg"], maxBytes: 1 * mb),
                KindRule(
                    [.document, .file], "documents", mimeTypes: ["image/gif", "application/pdf", "application/zip"], maxBytes: 20 * mb),
                KindRule([.audio], "audio", mimeTypes: ["audio/*"], maxBytes: 20 * mb),
                KindRule([.video], "videos", mimeTypes: ["video/*"], maxBytes: 20 * mb),
                KindRule([.sticker], "stickers", mimeTypes: ["image/webp", "application/x-tgsticker", "video/webm"], maxBytes: 20 * mb),
            ], mediaIDsUnchecked: true),
        .sms: ChannelAttachmentLimits(
            rules: [
                KindRule([.image, .video, .audio, .voice, .document, .file, .sticker], "MMS media", mimeTypes: [], maxBytes: 5 * mb)
            ], maxCount: 10, maxTotalBytes: 5 * mb),
        .email: ChannelAttachmentLimits(
            rules: [
                KindRule([.image, .video, .audio, .voice, .document, .file, .sticker], "attachments", mimeTypes: [], maxBytes: 25 * mb)
            ], maxTotalBytes: 25 * mb),
    ]
}
