import AdapterKit
import SwitchboardCore

/// A webhook request as one fuzz input, in a text form the fuzzer mutates well: the request line `METHOD URL`,
/// header lines `Name: value`, an empty line, then the body exactly as bytes. Lines end with `\n` (a `\r` before it
/// is dropped); an input without an empty line is all head and has an empty body.
///
/// Headers whose names start with `Fuzz-` steer the harness instead of reaching the adapter:
/// - `Fuzz-Option: name=value` sets a connection option (`name=` removes it), e.g. Vonage's `signature_method`;
/// - `Fuzz-Drop-Secret: name` removes one of the connection's secrets (the paths for a connection without it);
/// - `Fuzz-Account: …` and `Fuzz-Channel: …` fill the decode context, as a fixture's `context.json` does;
/// - `Fuzz-Received-At: <unix ms>` is the server's clock at receipt (`none`: no clock), by default
///   ``FuzzRequest/seedTime``, the time the seeds were signed at.
struct FuzzRequest {
    /// When the seed corpus's signatures were made and, unless the input says otherwise, when requests arrive.
    static let seedTime = Timestamp(seconds: 1_717_200_000)
    /// The prefix of the harness's own headers.
    static let controlPrefix = "fuzz-"

    var request: InboundRequest
    var context = DecodeContext()
    var options: [(name: String, value: String)] = []
    var droppedSecrets: [String] = []

    init(request: InboundRequest, context: DecodeContext = DecodeContext()) {
        self.request = request
        self.context = context
    }

    /// Reads an input; never fails (whatever the bytes, some request comes out).
    init(parsing bytes: [UInt8]) {
        var headEnd = bytes.count
        var bodyStart = bytes.count
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == 0x0A, bytes[index + 1] == 0x0A {
                headEnd = index
                bodyStart = index + 2
                break
            }
            if bytes[index] == 0x0A, bytes[index + 1] == 0x0D, index + 2 < bytes.count, bytes[index + 2] == 0x0A {
                headEnd = index
                bodyStart = index + 3
                break
            }
            index += 1
        }
        let head = String(decoding: bytes[..<headEnd], as: UTF8.self)
        var lines = head.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? line.dropLast() : line
        }
        let requestLine = lines.isEmpty ? "" : lines.removeFirst()
        let parts = requestLine.split(separator: " ", maxSplits: 1)
        var request = InboundRequest(
            method: parts.first.map(String.init) ?? "POST", url: parts.count > 1 ? String(parts[1]) : "http://localhost/webhook",
            body: Array(bytes[bodyStart...]))
        request.receivedAt = Self.seedTime
        self.init(request: request)
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = String(line[..<colon])
            let value = String(line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" })
            if name.lowercased().hasPrefix(Self.controlPrefix) {
                control(name: name.lowercased(), value: value)
            } else {
                self.request.headers.append(HTTPField(name: name, value: value))
            }
        }
    }

    private mutating func control(name: String, value: String) {
        switch name {
        case "fuzz-option":
            let pair = value.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            options.append((String(pair[0]), pair.count > 1 ? String(pair[1]) : ""))
        case "fuzz-drop-secret": droppedSecrets.append(value)
        case "fuzz-account": context.account = value
        case "fuzz-channel": context.channel = Channel(rawValue: value)
        case "fuzz-received-at": request.receivedAt = Int64(value).map { Timestamp(milliseconds: $0) }
        default: break
        }
    }

    /// The input that reads back as this request (seed corpus files).
    var bytes: [UInt8] {
        func clean(_ text: String) -> String {
            String(text.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
        }
        var head = "\(clean(request.method)) \(clean(request.url))\n"
        for header in request.headers { head += "\(clean(header.name)): \(clean(header.value))\n" }
        for option in options { head += "Fuzz-Option: \(clean(option.name))=\(clean(option.value))\n" }
        if let account = context.account { head += "Fuzz-Account: \(clean(account))\n" }
        if let channel = context.channel { head += "Fuzz-Channel: \(channel.rawValue)\n" }
        if let receivedAt = request.receivedAt, receivedAt != Self.seedTime {
            head += "Fuzz-Received-At: \(receivedAt.milliseconds)\n"
        }
        return Array((head + "\n").utf8) + request.body
    }
}
