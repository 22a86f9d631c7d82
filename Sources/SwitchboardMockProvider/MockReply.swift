import SwitchboardCore

/// An answer the mock is about to send: status, extra headers and a JSON body.
struct MockReply: Sendable {
    var status: Int
    var headers: [(name: String, value: String)] = []
    var body: JSONValue

    init(status: Int, headers: [(name: String, value: String)] = [], body: JSONValue) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    var bodyBytes: [UInt8] { JSONWriter(sortedKeys: false).bytes(body) }
}
