import CCurl
import SwitchboardTransport

/// Maps libcurl result codes to the transport's stable error codes.
enum CurlErrors {
    static let cancelled = TransportError(code: .cancelled, message: "the request was cancelled")
    static let shutDown = TransportError(code: .cancelled, message: "the transport is shut down")
    static let outOfMemory = TransportError(code: .transport, message: "libcurl is out of memory")

    /// The error for a failed transfer. `detail` is curl's error buffer, which names hosts and ports but
    /// never the URL path or credentials.
    static func error(for code: CURLcode, detail: String, responseTooLarge: Bool) -> TransportError {
        let text = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        if responseTooLarge || code == CURLE_FILESIZE_EXCEEDED {
            return TransportError(code: .responseTooLarge, message: "the response exceeds the size limit")
        }
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return TransportError(code: .timeout, message: text)
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return TransportError(code: .connectFailed, message: text)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS,
            CURLE_SSL_CRL_BADFILE, CURLE_SSL_SHUTDOWN_FAILED, CURLE_USE_SSL_FAILED, CURLE_SSL_ENGINE_NOTFOUND,
            CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CLIENTCERT:
            return TransportError(code: .tls, message: text)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_BAD_FUNCTION_ARGUMENT:
            return TransportError(code: .invalidRequest, message: text)
        case CURLE_ABORTED_BY_CALLBACK:
            return cancelled
        default:
            return TransportError(code: .transport, message: text)
        }
    }

    /// Whether an SMTP failure carries a server reply that should be returned as a response
    /// (4xx/5xx refusal of MAIL FROM, RCPT TO, DATA or AUTH) rather than as a transport error.
    static func isSMTPRefusal(_ code: CURLcode, responseCode: Int) -> Bool {
        guard responseCode >= 400 && responseCode < 600 else { return false }
        switch code {
        case CURLE_OPERATION_TIMEDOUT, CURLE_ABORTED_BY_CALLBACK, CURLE_USE_SSL_FAILED, CURLE_COULDNT_CONNECT:
            return false
        default:
            return true
        }
    }
}
