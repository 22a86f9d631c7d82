import ArgumentParser
import Foundation
import SwitchboardCore
import SwitchboardCurl
import SwitchboardTransport

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
        guard let key = apiKey ?? ProcessInfo.processInfo.environment["SWITCHBOARD_API_KEY"], !key.isEmpty else {
            throw ValidationError("--api-key (or SWITCHBOARD_API_KEY) is required")
        }
        let base = to.hasSuffix("/") ? String(to.dropLast()) : to
        var headers = [HTTPField(name: "Authorization", value: "Bearer \(key)"), HTTPField(name: "Accept", value: "application/json")]
        let request: ProviderRequest
        if let status {
            request = ProviderRequest(method: "GET", url: "\(base)/v1/messages/\(status)", headers: headers)
        } else {
            let body = StandardStreams.readAll()
            guard (try? JSONParser.parse(body)) != nil else {
                StandardStreams.printError("switchboard send: standard input is not a JSON message")
                throw ExitCode(65)
            }
            headers.append(HTTPField(name: "Content-Type", value: "application/json"))
            if let idempotencyKey { headers.append(HTTPField(name: "Idempotency-Key", value: idempotencyKey)) }
            request = ProviderRequest(
                method: "POST", url: "\(base)/v1/messages\(check ? "/check" : "")", headers: headers, body: body)
        }
        let transport = CurlTransport()
        defer { Task { await transport.shutdown() } }
        let response: ProviderResponse
        do {
            response = try await transport.send(request, options: TransportOptions(timeout: .seconds(30), verifyTLS: true))
        } catch {
            StandardStreams.printError("switchboard send: \(error)")
            throw ExitCode(1)
        }
        let text = response.jsonBody.map { JSONWriter(sortedKeys: false).string($0) } ?? String(decoding: response.body, as: UTF8.self)
        StandardStreams.print(text + "\n")
        switch response.status {
        case 200..<300: return
        case 422: throw ExitCode(3)
        default: throw ExitCode(1)
        }
    }
}
