import CCurl
import CCurlShim
import SwitchboardCore
import SwitchboardTransport

/// One request in flight: its easy handle, the buffers curl reads from and writes into, and the
/// continuation to resume. Lives on the owner thread only; curl's callbacks reach it through an
/// unretained pointer while ``CurlWorker`` keeps it alive in its table of active transfers.
final class CurlTransfer {
    let id: UInt64
    let easy: UnsafeMutableRawPointer
    let request: ProviderRequest
    let options: TransportOptions
    let continuation: CheckedContinuation<CurlResult, Never>

    /// `curl_slist`s owned by this transfer (request headers, SMTP recipients), freed in ``release()``.
    var lists: [UnsafeMutablePointer<curl_slist>] = []
    /// curl's error buffer (`CURLOPT_ERRORBUFFER`), `CURL_ERROR_SIZE` bytes.
    let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    /// How much of the SMTP message the read callback has handed to curl.
    var uploadOffset = 0

    var responseBody: [UInt8] = []
    var responseHeaders: [HTTPField] = []
    /// The SMTP reply lines seen so far (`250 2.0.0 Ok: queued as ...`).
    var replyLines: [String] = []
    /// Set by the write callback when the body passed `maxResponseBytes`.
    var responseTooLarge = false
    /// Set once every option of the transfer is on the handle (the handle can then be reused as it is).
    var configured = false

    /// What the easy handle keeps from this transfer for the next one (`nil` for SMTP: always reset).
    let profile: Profile?

    /// The options of an HTTP transfer other than its URL, headers and body: a handle whose last transfer had
    /// the same profile is reused as it is (``configureReused()``), without `curl_easy_reset`.
    struct Profile: Hashable {
        /// How the request line and body are set.
        enum Method: Hashable {
            case get, head, delete
            /// A body with POST semantics; `CURLOPT_CUSTOMREQUEST` renames anything but POST.
            case body(String)
        }

        var options: TransportOptions
        var method: Method
        /// `https:` URLs wait for ALPN (`CURLOPT_PIPEWAIT`).
        var tls: Bool
    }

    init(submission: CurlSubmission, easy: UnsafeMutableRawPointer, profile: Profile?) {
        self.id = submission.id
        self.easy = easy
        self.request = submission.request
        self.options = submission.options
        self.continuation = submission.continuation
        self.profile = profile
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    /// The profile of an HTTP request; `nil` for SMTP.
    static func profile(of request: ProviderRequest, options: TransportOptions) -> Profile? {
        guard request.smtp == nil else { return nil }
        let method: Profile.Method =
            switch request.method {
            case "GET" where request.body.isEmpty: .get
            case "HEAD": .head
            case "DELETE" where request.body.isEmpty: .delete
            default: .body(request.method)
            }
        let tls = request.url.utf8.prefix(6).elementsEqual("https:".utf8) { $0 | 0x20 == $1 }
        return Profile(options: options, method: method, tls: tls)
    }

    deinit {
        release()
        errorBuffer.deallocate()
    }

    var isSMTP: Bool { request.smtp != nil }

    /// curl's error text for the last failure (empty when curl wrote none).
    var errorDetail: String { String(cString: errorBuffer) }

    /// Frees the lists. Call after the handle left the multi handle and before it is reset.
    func release() {
        for list in lists { curl_slist_free_all(list) }
        lists.removeAll()
    }

    /// Builds a `curl_slist` that lives as long as this transfer.
    func makeList(_ items: [String]) -> UnsafeMutablePointer<curl_slist>? {
        var list: UnsafeMutablePointer<curl_slist>?
        for item in items {
            guard let appended = curl_slist_append(list, item) else {
                if let list { curl_slist_free_all(list) }
                return nil
            }
            list = appended
        }
        if let list { lists.append(list) }
        return list
    }

    // MARK: Callbacks (called by curl on the owner thread, inside curl_multi_perform)

    /// Appends response body bytes; returning less than `count` makes curl abort with a write error.
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        if responseBody.count + bytes.count > options.maxResponseBytes {
            responseTooLarge = true
            return 0
        }
        responseBody.append(contentsOf: bytes)
        return bytes.count
    }

    /// Records one header line (HTTP), or one server reply line (SMTP).
    func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        var end = bytes.count
        while end > 0, bytes[end - 1] == UInt8(ascii: "\r") || bytes[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        if isSMTP {
            if end >= 3, bytes[0..<3].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
                replyLines.append(String(decoding: bytes[0..<end], as: UTF8.self))
            }
            return
        }
        if end >= 5, bytes[0..<5].elementsEqual("HTTP/".utf8) {
            // A new response (after a redirect or a 1xx): keep only the final response's headers.
            responseHeaders.removeAll()
            return
        }
        // Read in place: one String for the name and one for the value, nothing for the line.
        guard let colon = bytes[0..<end].firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = Self.trimmed(bytes, 0, colon)
        guard !name.isEmpty else { return }
        let value = Self.trimmed(bytes, colon + 1, end)
        responseHeaders.append(
            HTTPField(name: String(decoding: bytes[name], as: UTF8.self), value: String(decoding: bytes[value], as: UTF8.self)))
    }

    /// `lower..<upper` of `bytes` without leading and trailing spaces and tabs.
    private static func trimmed(_ bytes: UnsafeRawBufferPointer, _ lower: Int, _ upper: Int) -> Range<Int> {
        var lower = lower
        var upper = upper
        while lower < upper, bytes[lower] == UInt8(ascii: " ") || bytes[lower] == UInt8(ascii: "\t") { lower += 1 }
        while upper > lower, bytes[upper - 1] == UInt8(ascii: " ") || bytes[upper - 1] == UInt8(ascii: "\t") { upper -= 1 }
        return lower..<upper
    }

    /// The last reply line carrying `code` (the reply that decided the transfer), or `""`.
    func replyLine(for code: Int) -> String {
        replyLines.last { $0.hasPrefix(String(code)) } ?? ""
    }

    /// Copies the next part of the SMTP message into curl's buffer; 0 means the end.
    func provideUpload(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(buffer.count, request.body.count - uploadOffset)
        guard count > 0 else { return 0 }
        request.body.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + uploadOffset, byteCount: count)
        }
        uploadOffset += count
        return count
    }
}
