import CCurl
import CCurlShim
import SwitchboardCore
import SwitchboardTransport

extension CurlTransfer {
    /// Sets every option of the easy handle for this request. Throws `invalid_request` when curl
    /// refuses an option (an unsupported protocol, a malformed proxy, ...).
    func configure(_ configuration: CurlTransport.Configuration) throws(TransportError) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        try set(CURLOPT_URL, request.url)
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_ERRORBUFFER, pointer: errorBuffer)
        try set(CURLOPT_PROTOCOLS_STR, "http,https,smtp,smtps")
        try set(CURLOPT_TIMEOUT_MS, options.timeout.milliseconds)
        try set(CURLOPT_CONNECTTIMEOUT_MS, options.connectTimeout.milliseconds)
        try set(CURLOPT_MAXFILESIZE_LARGE, offset: curl_off_t(options.maxResponseBytes))
        try set(CURLOPT_SSL_VERIFYPEER, options.verifyTLS ? 1 : 0)
        try set(CURLOPT_SSL_VERIFYHOST, options.verifyTLS ? 2 : 0)
        if let path = configuration.caBundlePath { try set(CURLOPT_CAINFO, path) }
        if let proxy = options.proxy { try set(CURLOPT_PROXY, proxy) }
        if let credentials = options.credentials {
            try set(CURLOPT_USERNAME, credentials.username)
            if let password = credentials.password { try set(CURLOPT_PASSWORD, password) }
            if let token = credentials.oauth2BearerToken { try set(CURLOPT_XOAUTH2_BEARER, token) }
        }

        try check(
            sb_easy_setopt_write_function(easy, CURLOPT_WRITEFUNCTION) { data, size, count, context in
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
                return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
            })
        try set(CURLOPT_WRITEDATA, pointer: context)
        try check(
            sb_easy_setopt_write_function(easy, CURLOPT_HEADERFUNCTION) { data, size, count, context in
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
                transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
                return size * count
            })
        try set(CURLOPT_HEADERDATA, pointer: context)

        if let envelope = request.smtp {
            try configureSMTP(envelope, context: context)
        } else if let profile {
            try configureHTTP(configuration, profile: profile)
        }
    }

    /// The options that differ between two HTTP transfers of the same ``CurlTransfer/Profile`` (the URL,
    /// this transfer's buffers and callbacks' context, the headers and the body), set on a handle whose
    /// last transfer had that profile: it skips `curl_easy_reset` and the ~20 options that stay as they were.
    func configureReused(_ profile: Profile) throws(TransportError) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        try set(CURLOPT_URL, request.url)
        try set(CURLOPT_ERRORBUFFER, pointer: errorBuffer)
        try set(CURLOPT_WRITEDATA, pointer: context)
        try set(CURLOPT_HEADERDATA, pointer: context)
        try setHeadersAndBody(method: profile.method)
    }

    private func configureSMTP(_ envelope: SMTPEnvelope, context: UnsafeMutableRawPointer) throws(TransportError) {
        try set(CURLOPT_MAIL_FROM, "<\(envelope.mailFrom)>")
        guard let recipients = makeList(envelope.recipients.map { "<\($0)>" }) else { throw CurlErrors.outOfMemory }
        try set(CURLOPT_MAIL_RCPT, pointer: recipients)
        if envelope.requireTLS { try set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue)) }
        try set(CURLOPT_UPLOAD, 1)
        try set(CURLOPT_INFILESIZE_LARGE, offset: curl_off_t(request.body.count))
        try check(
            sb_easy_setopt_read_function(easy) { buffer, size, count, context in
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
                return transfer.provideUpload(into: UnsafeMutableRawBufferPointer(start: buffer, count: size * count))
            })
        try set(CURLOPT_READDATA, pointer: context)
    }

    private func configureHTTP(_ configuration: CurlTransport.Configuration, profile: Profile) throws(TransportError) {
        try set(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        if profile.tls {
            // Over TLS, wait for ALPN on a new connection and multiplex on it when it is HTTP/2, rather
            // than opening one connection per request. Plain http:// is HTTP/1.1 only: no waiting (it
            // would hold a burst of requests behind the first response).
            try set(CURLOPT_PIPEWAIT, 1)
        }
        try set(CURLOPT_ACCEPT_ENCODING, "")
        try set(CURLOPT_USERAGENT, configuration.userAgent)
        if options.followRedirects {
            try set(CURLOPT_FOLLOWLOCATION, 1)
            try set(CURLOPT_MAXREDIRS, configuration.maxRedirects)
            try set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        }

        switch profile.method {
        case .get:
            try set(CURLOPT_HTTPGET, 1)
        case .head:
            try set(CURLOPT_NOBODY, 1)
        case .delete:
            try set(CURLOPT_CUSTOMREQUEST, "DELETE")
        case .body(let method):
            // A body (possibly empty) sent with POST semantics; other methods rename the request line.
            if method != "POST" { try set(CURLOPT_CUSTOMREQUEST, method) }
        }
        try setHeadersAndBody(method: profile.method)
    }

    /// The header list, and for a request with POST semantics the body (`CURLOPT_COPYPOSTFIELDS`).
    private func setHeadersAndBody(method: Profile.Method) throws(TransportError) {
        var lines = request.headers.map { "\($0.name): \($0.value)" }
        // No `Expect: 100-continue` round trip: provider APIs answer at once, and some proxies stall on it.
        if request.header("Expect") == nil { lines.append("Expect:") }
        guard let headers = makeList(lines) else { throw CurlErrors.outOfMemory }
        try set(CURLOPT_HTTPHEADER, pointer: headers)
        guard case .body = method else { return }
        try set(CURLOPT_POSTFIELDSIZE_LARGE, offset: curl_off_t(request.body.count))
        let copied = request.body.withUnsafeBytes { bytes in
            // An empty body still needs a valid pointer; curl copies zero bytes from it.
            sb_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, bytes.baseAddress ?? UnsafeRawPointer(errorBuffer))
        }
        try check(copied)
    }

    // MARK: Typed setters

    private func set(_ option: CURLoption, _ value: String) throws(TransportError) {
        try check(value.withCString { sb_easy_setopt_pointer(easy, option, $0) })
    }

    private func set(_ option: CURLoption, _ value: Int) throws(TransportError) {
        try check(sb_easy_setopt_long(easy, option, value))
    }

    private func set(_ option: CURLoption, offset value: curl_off_t) throws(TransportError) {
        try check(sb_easy_setopt_off_t(easy, option, value))
    }

    private func set<Pointee>(_ option: CURLoption, pointer: UnsafeMutablePointer<Pointee>) throws(TransportError) {
        try check(sb_easy_setopt_pointer(easy, option, pointer))
    }

    private func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer) throws(TransportError) {
        try check(sb_easy_setopt_pointer(easy, option, pointer))
    }

    private func check(_ code: CURLcode) throws(TransportError) {
        guard code == CURLE_OK else {
            throw TransportError(code: .invalidRequest, message: String(cString: curl_easy_strerror(code)))
        }
    }
}

extension Duration {
    /// Whole milliseconds, at least 1 (curl reads 0 as "no timeout").
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        let total = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return Int(max(1, min(total, Int64(Int32.max))))
    }
}
