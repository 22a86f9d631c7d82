import SwitchboardCore

/// Media helpers shared by the SMS/MMS adapters.
public enum SMSMedia {
    /// The attachment kind for a MIME type: `image/*`, `video/*`, `audio/*`, `application/*` (document);
    /// anything else, or no type, is `file`.
    public static func kind(forMIME mimeType: String?) -> Attachment.Kind {
        guard let type = mimeType?.lowercased() else { return .file }
        if type.hasPrefix("image/") { return .image }
        if type.hasPrefix("video/") { return .video }
        if type.hasPrefix("audio/") { return .audio }
        if type.hasPrefix("application/") { return .document }
        return .file
    }

    /// The last path component of a URL (query and fragment removed), or `nil` when there is none.
    public static func filename(of url: String) -> String? {
        var path = Substring(url)
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<cut] }
        guard let schemeEnd = path.range(of: "://") else { return nil }
        let afterHost = path[schemeEnd.upperBound...]
        guard let slash = afterHost.firstIndex(of: "/") else { return nil }
        let name = afterHost[afterHost.index(after: slash)...].split(separator: "/").last.map(String.init)
        return name?.contains(".") == true ? name : nil
    }
}

extension SMSMedia {
    /// The attachment kind guessed from a URL's file extension (MessageBird MMS gives URLs only).
    public static func kind(forURL url: String) -> Attachment.Kind {
        guard let name = filename(of: url), let dot = name.lastIndex(of: ".") else { return .file }
        switch name[name.index(after: dot)...].lowercased() {
        case "jpg", "jpeg", "png", "gif", "webp", "bmp": return .image
        case "mp4", "3gp", "mov", "mpeg": return .video
        case "mp3", "amr", "ogg", "wav", "m4a", "aac": return .audio
        case "pdf", "vcf", "txt", "doc", "docx": return .document
        default: return .file
        }
    }
}
