import Foundation

/// One header field of a message or a MIME part, unfolded, with its value still raw bytes
/// (raw 8-bit headers are decoded only when the value is read as text).
public struct MIMEHeaderField: Sendable, Hashable {
    /// The field name as written (`Content-Type`, `Subject`, ...).
    public var name: String
    /// The unfolded value bytes, leading and trailing whitespace removed.
    public var rawValue: [UInt8]

    public init(name: String, rawValue: [UInt8]) {
        self.name = name
        self.rawValue = rawValue
    }

    /// The value as text: raw UTF-8 (RFC 6532) where valid, else Windows-1252; encoded words untouched.
    public var value: String { Charsets.decodeHeaderBytes(rawValue) }
}

/// The header block of a message or a part, in order, with case-insensitive lookups.
public struct MIMEHeaders: Sendable, Hashable {
    public var fields: [MIMEHeaderField]

    public init(_ fields: [MIMEHeaderField] = []) { self.fields = fields }

    /// The first value of `name` (case-insensitive), as text without RFC 2047 decoding.
    public subscript(name: String) -> String? { first(name)?.value }

    /// The first field named `name` (case-insensitive).
    public func first(_ name: String) -> MIMEHeaderField? {
        fields.first { $0.name.caseInsensitiveEquals(name) }
    }

    /// Every value of `name`, in order.
    public func all(_ name: String) -> [String] {
        fields.filter { $0.name.caseInsensitiveEquals(name) }.map(\.value)
    }

    /// The first value of `name` with RFC 2047 encoded words decoded.
    public func decoded(_ name: String) -> String? { self[name].map(HeaderDecoding.decodeEncodedWords) }
}

/// A parsed MIME entity: a whole message, a body part, or an attached message.
public struct MIMEPart: Sendable, Hashable {
    public var headers: MIMEHeaders
    /// The media type, lower-cased (`text/plain` when the header is missing or unreadable).
    public var mediaType: String
    /// Content-Type parameters, names lower-cased, RFC 2231 continuations and charsets resolved.
    public var parameters: [String: String]
    /// The body after the transfer encoding was undone (empty for multiparts).
    public var body: [UInt8]
    /// The size of the encoded body as it appeared in the message.
    public var encodedSize: Int
    /// Sub-parts of a multipart, or the single parsed message of a `message/rfc822` part.
    public var children: [MIMEPart]
    /// Problems met while parsing (a missing boundary, bad base64, ...), for diagnostics.
    public var defects: [String]

    public init(
        headers: MIMEHeaders, mediaType: String, parameters: [String: String], body: [UInt8], encodedSize: Int,
        children: [MIMEPart] = [], defects: [String] = []
    ) {
        self.headers = headers
        self.mediaType = mediaType
        self.parameters = parameters
        self.body = body
        self.encodedSize = encodedSize
        self.children = children
        self.defects = defects
    }

    /// Whether the part is a container (`multipart/*`).
    public var isMultipart: Bool { mediaType.hasPrefix("multipart/") }

    /// The `charset` parameter, lower-cased.
    public var charset: String? { parameters["charset"]?.lowercased() }

    /// The `Content-Disposition` value (`inline`, `attachment`), lower-cased.
    public var disposition: String? {
        headers["Content-Disposition"].map { HeaderDecoding.splitParameters($0).value.lowercased() }
    }

    /// The `Content-Disposition` parameters (`filename`, `size`, ...).
    public var dispositionParameters: [String: String] {
        headers["Content-Disposition"].map { HeaderDecoding.splitParameters($0).parameters } ?? [:]
    }

    /// The file name from `Content-Disposition: filename` or `Content-Type: name`, encoded words decoded;
    /// `nil` when absent or blank.
    public var filename: String? {
        let candidates = [dispositionParameters["filename"], parameters["name"]]
        for case let candidate? in candidates {
            let name = HeaderDecoding.decodeEncodedWords(candidate).trimmingCharacters(in: .whitespacesAndNewlines)
            if !name.isEmpty { return name }
        }
        return nil
    }

    /// `Content-ID` without the angle brackets.
    public var contentID: String? {
        headers["Content-ID"].flatMap { HeaderDecoding.messageIDs($0).first }
    }

    /// The body decoded to text with the part's charset (UTF-8 / Windows-1252 fallback when unknown).
    public var text: String { Charsets.decode(body, charset: charset) }

    /// Every leaf part in document order (multiparts are walked, attached messages are not entered).
    public var leaves: [MIMEPart] {
        if isMultipart { return children.flatMap(\.leaves) }
        return [self]
    }
}

extension String {
    /// ASCII case-insensitive comparison (header names are ASCII).
    func caseInsensitiveEquals(_ other: String) -> Bool {
        let left = utf8, right = other.utf8
        guard left.count == right.count else { return false }
        for (a, b) in zip(left, right) where a != b {
            let lowerA = a >= 65 && a <= 90 ? a + 32 : a
            let lowerB = b >= 65 && b <= 90 ? b + 32 : b
            if lowerA != lowerB { return false }
        }
        return true
    }
}
