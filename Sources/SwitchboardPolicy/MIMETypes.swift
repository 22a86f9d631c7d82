/// MIME types guessed from file extensions, for attachments and template media that do not state one.
enum MIMETypes {
    static let byExtension: [String: String] = [
        "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif", "webp": "image/webp",
        "pdf": "application/pdf", "txt": "text/plain", "zip": "application/zip", "doc": "application/msword",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "xls": "application/vnd.ms-excel",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "ppt": "application/vnd.ms-powerpoint",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation", "mp4": "video/mp4",
        "3gp": "video/3gpp", "mov": "video/quicktime", "avi": "video/x-msvideo", "webm": "video/webm", "ogg": "audio/ogg",
        "oga": "audio/ogg", "opus": "audio/ogg", "mp3": "audio/mpeg", "aac": "audio/aac", "amr": "audio/amr", "m4a": "audio/mp4",
        "wav": "audio/wav",
    ]

    /// The type for a file name or URL path, by extension (query and fragment ignored).
    static func guess(_ nameOrURL: String?) -> String? {
        guard let nameOrURL else { return nil }
        var path = Substring(nameOrURL)
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<cut] }
        guard let slash = path.lastIndex(of: "/") ?? path.indices.first else { return nil }
        let last = path[slash...]
        guard let dot = last.lastIndex(of: ".") else { return nil }
        return byExtension[last[last.index(after: dot)...].lowercased()]
    }

    /// The attachment's stated type, or a guess from its file name or URL.
    static func of(mimeType: String?, filename: String?, url: String?) -> String? {
        if let mimeType, !mimeType.isEmpty {
            return String(mimeType.split(separator: ";").first ?? "").trimmingSpaces().lowercased()
        }
        return guess(filename) ?? guess(url)
    }
}

extension String {
    func trimmingSpaces() -> String {
        var view = Substring(self)
        while view.first == " " { view.removeFirst() }
        while view.last == " " { view.removeLast() }
        return String(view)
    }
}
