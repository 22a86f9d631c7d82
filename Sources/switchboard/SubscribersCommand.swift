import ArgumentParser
import Foundation
import SwitchboardCore

/// `switchboard subscribers redeliver NAME --since TIME --to URL --api-key K`: sends a subscriber again, in order,
/// every event its filter takes since a time, through a running gateway's
/// `POST /v1/subscribers/{name}/redeliver` (docs/operations.md "Redelivery").
struct SubscribersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscribers",
        abstract: "Redeliver to a subscriber what it took since a time, through a running gateway.",
        discussion: """
            redeliver NAME --since TIME replaces the subscriber's deliveries of the events stored since TIME (RFC 3339, \
            e.g. 2026-11-22T09:00:00Z) by fresh ones, in storage order, and prints the gateway's answer. It needs an \
            API key scoped to no connection. Exit 0 on 2xx, 3 on 422 (too many events: pick a later time), 1 otherwise.
            """
    )

    enum Action: String, ExpressibleByArgument, CaseIterable {
        case redeliver
    }

    @Argument(help: "redeliver.")
    var action: Action

    @Argument(help: "The subscriber's name in the gateway's configuration.")
    var name: String

    @Option(help: "Redeliver the events stored from this time on (RFC 3339).")
    var since: String

    @Option(help: "The gateway's base URL (e.g. http://127.0.0.1:8080).")
    var to: String

    @Option(help: "An API key from the gateway's api_keys, scoped to no connection (default: $SWITCHBOARD_API_KEY).")
    var apiKey: String?

    func validate() throws {
        if Timestamp.iso8601(since) == nil { throw ValidationError("--since must be an RFC 3339 time, e.g. 2026-11-22T09:00:00Z") }
    }

    func run() async throws {
        let client = try AgentAPIClient(url: to, apiKey: apiKey, command: "subscribers")
        let name = name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? name
        let body = JSONWriter().bytes(.object(JSONObject([("since", .string(since))])))
        let request = ProviderRequest(
            method: "POST", url: "\(client.base)/v1/subscribers/\(name)/redeliver",
            headers: client.headers + [HTTPField(name: "Content-Type", value: "application/json")], body: body)
        try client.printAndExit(try await client.call(request))
    }
}
