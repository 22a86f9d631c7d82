import ArgumentParser
import Foundation
import SwitchboardCore

/// `switchboard quarantine list|show|reprocess --to URL --api-key K`: the webhooks a decoder refused, through a
/// running gateway's `/v1/quarantine` API (docs/operations.md "Quarantine").
struct QuarantineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarantine",
        abstract: "List, show or reprocess the webhooks a running gateway quarantined.",
        discussion: """
            list prints GET /v1/quarantine (newest first; --before pages); show ID prints one request with its \
            headers and body (--body writes the body alone, byte-exact, e.g. to pipe into `switchboard normalize`); \
            reprocess ID decodes it again and stores its events. Exit 0 on 2xx, 3 when it still does not decode \
            (422), 1 otherwise.
            """
    )

    enum Action: String, ExpressibleByArgument, CaseIterable {
        case list, show, reprocess
    }

    @Argument(help: "list, show or reprocess.")
    var action: Action

    @Argument(help: "The quarantined request's id (show, reprocess).")
    var id: Int64?

    @Option(help: "The gateway's base URL (e.g. http://127.0.0.1:8080).")
    var to: String

    @Option(help: "An API key from the gateway's api_keys (default: $SWITCHBOARD_API_KEY).")
    var apiKey: String?

    @Option(help: "list: at most this many requests (1 to 500).")
    var limit = 50

    @Option(help: "list: only requests older than this id (the previous page's next_before).")
    var before: Int64?

    @Flag(help: "show: write the body alone, byte-exact.")
    var body = false

    func validate() throws {
        if action != .list && id == nil { throw ValidationError("\(action.rawValue) needs the request's id") }
        if action == .list && id != nil { throw ValidationError("list takes no id (use --before to page)") }
    }

    func run() async throws {
        let client = try AgentAPIClient(url: to, apiKey: apiKey, command: "quarantine")
        let request: ProviderRequest
        switch action {
        case .list:
            let page = "limit=\(limit)" + (before.map { "&before=\($0)" } ?? "")
            request = ProviderRequest(method: "GET", url: "\(client.base)/v1/quarantine?\(page)", headers: client.headers)
        case .show:
            request = ProviderRequest(method: "GET", url: "\(client.base)/v1/quarantine/\(id ?? 0)", headers: client.headers)
        case .reprocess:
            request = ProviderRequest(method: "POST", url: "\(client.base)/v1/quarantine/\(id ?? 0)/reprocess", headers: client.headers)
        }
        let response = try await client.call(request)
        if action == .show, body, response.status == 200 {
            guard let encoded = response.jsonBody?["body_base64"]?.string, let bytes = Base64.decode(encoded) else {
                StandardStreams.printError("switchboard quarantine: the gateway's answer has no body_base64")
                throw ExitCode(1)
            }
            FileHandle.standardOutput.write(Data(bytes))
            return
        }
        try client.printAndExit(response)
    }
}
