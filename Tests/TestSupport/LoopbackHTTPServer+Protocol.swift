import SwitchboardCore

extension LoopbackHTTPServer {
    /// Serves requests on one connection until the peer closes it or a response closes it.
    static func serve(_ connection: LoopbackConnection, recorder: Recorder) {
        while let request = readRequest(from: connection) {
            let handler = recorder.state.withLock { state in
                state.requests.append(request)
                return state.handler
            }
            let response = handler(request)
            if response.delay > .zero, connection.waitForHangUp(upTo: response.delay) {
                recorder.state.withLock { $0.hangUps += 1 }
                return
            }
            let close = response.closeConnection || request.header("Connection")?.lowercased() == "close"
            guard connection.write(encode(response, for: request, close: close)), !close else { return }
        }
    }

    /// Reads one request (line, headers, body), or `nil` at end of stream or on a malformed request.
    static func readRequest(from connection: LoopbackConnection) -> Request? {
        var line = connection.readLine()
        while line == "" { line = connection.readLine() }  // tolerate stray CRLFs between requests
        guard let requestLine = line else { return nil }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 3 else {
            connection.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            return nil
        }
        var headers: [HTTPField] = []
        while let headerLine = connection.readLine(), !headerLine.isEmpty {
            guard let colon = headerLine.firstIndex(of: ":") else { return nil }
            headers.append(
                HTTPField(
                    name: String(headerLine[..<colon]),
                    value: headerLine[headerLine.index(after: colon)...].trimmed(" \t")))
        }
        var request = Request(method: String(parts[0]), target: String(parts[1]), headers: headers, body: [], connection: connection.id)
        if request.header("Expect")?.lowercased() == "100-continue" {
            connection.write("HTTP/1.1 100 Continue\r\n\r\n")
        }
        if request.header("Transfer-Encoding")?.lowercased().contains("chunked") == true {
            guard let body = readChunkedBody(from: connection) else { return nil }
            request.body = body
        } else if let length = request.header("Content-Length").flatMap({ Int($0) }), length > 0 {
            guard let body = connection.read(count: length) else { return nil }
            request.body = body
        }
        return request
    }

    private static func readChunkedBody(from connection: LoopbackConnection) -> [UInt8]? {
        var body: [UInt8] = []
        while true {
            guard let sizeLine = connection.readLine() else { return nil }
            let sizeText = sizeLine.prefix { $0 != ";" }.trimmed(" \t")
            guard let size = Int(sizeText, radix: 16) else { return nil }
            if size == 0 {
                while let trailer = connection.readLine(), !trailer.isEmpty {}
                return body
            }
            guard let chunk = connection.read(count: size), connection.readLine() != nil else { return nil }
            body += chunk
        }
    }

    /// The bytes of a response: status line, headers, then the body (plain or chunked).
    static func encode(_ response: Response, for request: Request, close: Bool) -> [UInt8] {
        var head = "HTTP/1.1 \(response.status) \(reason(response.status))\r\n"
        for field in response.headers { head += "\(field.name): \(field.value)\r\n" }
        if response.chunked {
            head += "Transfer-Encoding: chunked\r\n"
        } else {
            head += "Content-Length: \(response.body.count)\r\n"
        }
        if close { head += "Connection: close\r\n" }
        head += "\r\n"
        var bytes = Array(head.utf8)
        guard request.method != "HEAD" else { return bytes }
        if response.chunked {
            var offset = 0
            while offset < response.body.count {
                let end = min(offset + 16 * 1024, response.body.count)
                bytes += Array("\(String(end - offset, radix: 16))\r\n".utf8) + response.body[offset..<end] + Array("\r\n".utf8)
                offset = end
            }
            bytes += Array("0\r\n\r\n".utf8)
        } else {
            bytes += response.body
        }
        return bytes
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 404: "Not Found"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}

extension StringProtocol {
    /// Without leading and trailing characters from `characters`.
    fileprivate func trimmed(_ characters: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, characters.contains(first) { slice.removeFirst() }
        while let last = slice.last, characters.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
