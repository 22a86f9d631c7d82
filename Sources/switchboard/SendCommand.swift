import ArgumentParser
import Foundation
import SwitchboardCore

/// `switchboard send --to URL --api-key K [--check] [--idempotency-key KEY] [--status ID] < message.json`:
/// the agent API from the command line.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send a canonical outbound message (stdin) through a running gateway's POST /v1/messages.",
        discussion: """
            Prints the gateway's JSON answer. Exit 0 on 2xx, 3 when the policy refused (422), 1 otherwise. \
            --check asks POST /v1/messages/check (dry run); --status ID prints GET /v1/messages/ID instead of sending.
            """
    )

    @Option(help: "The gateway's base URL (e.g. http://127.0.0.1:8080).")
    var to: String

    @Option(help: "An API key from the gateway's api_keys (default: $SWITCHBOARD_API_KEY).")
    var apiKey: String?

    @Flag(help: "Dry run: print the policy decision without queueing.")
    var check = false

    @Option(help: "Idempotency-Key header: a retried send returns the first result and never sends twice.")
    var idempotencyKey: String?

    @Option(help: "Print the status history of this message id instead of sending.")
    var status: String?

    func run() async throws {
        let client = try AgentAPIClient(url: to, apiKey: apiKey, command: "send")
        var headers = client.headers
        let request: ProviderRequest
        if let status {
            request = ProviderRequest(method: "GET", url: "\(client.base)/v1/messages/\(status)", headers: headers)
        } else {
            let body = StandardStreams.readAll()
            guard (try? JSONParser.parse(body)) != nil else {
                StandardStreams.printError("switchboard send: standard input is not a JSON message")
                throw ExitCode(65)
            }
            headers.append(HTTPField(name: "Content-Type", value: "application/json"))
            if let idempotencyKey { headers.append(HTTPField(name: "Idempotency-Key", value: idempotencyKey)) }
            request = ProviderRequest(
                method: "POST", url: "\(client.base)/v1/messages\(check ? "/check" : "")", headers: headers, body: body)
        }
        try client.printAndExit(try await client.call(request))
    }
}
