import ArgumentParser
import Foundation
import SwitchboardCore

/// `--to URL --api-key K`: the running gateway a command talks to and the API key it presents (the `account`,
/// `contact` and `prices` commands share them through `@OptionGroup`).
struct GatewayAPIOptions: ParsableArguments {
    @Option(help: "The gateway's base URL (e.g. http://127.0.0.1:8080).")
    var to: String

    @Option(help: "An API key from the gateway's api_keys (default: $SWITCHBOARD_API_KEY).")
    var apiKey: String?

    /// A client for the gateway, for `command` (named in error lines).
    func client(_ command: String) throws -> AgentAPIClient {
        try AgentAPIClient(url: to, apiKey: apiKey, command: command)
    }
}

extension AgentAPIClient {
    /// Sends `method` to `path` (below the base URL) with `body` as JSON when given, prints the answer and exits
    /// as ``printAndExit(_:)`` does.
    func run(_ method: String, _ path: String, json body: JSONValue? = nil, headers extra: [HTTPField] = []) async throws {
        let request: ProviderRequest
        if let body {
            request = .json(method: method, url: base + path, headers: headers + extra, body: body)
        } else {
            request = ProviderRequest(method: method, url: base + path, headers: headers + extra, body: [])
        }
        try printAndExit(try await call(request))
    }
}
