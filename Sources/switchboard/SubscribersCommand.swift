import ArgumentParser
import Foundation
import SwitchboardCore

/// `switchboard subscribers redeliver NAME --since TIME`, `subscribers dead-letters NAME` and
/// `subscribers redrive NAME (ID | --all)`, each `--to URL --api-key K`: redelivery since a time, and the listing and
/// redrive of a subscriber's parked deliveries, through a running gateway's subscriber API
/// (docs/operations.md "Delivery to subscribers").
struct SubscribersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscribers",
        abstract: "Redeliver to a subscriber, list its dead letters or redrive them, through a running gateway.",
        discussion: """
            redeliver NAME --since TIME replaces the subscriber's deliveries of the events stored since TIME (RFC 3339, \
            e.g. 2026-11-22T09:00:00Z) by fresh ones, in storage order. dead-letters NAME [--limit N] [--before ID] lists \
            the deliveries given up on after delivery.give_up_after_ms, newest first. redrive NAME ID (or --all) queues \
            parked deliveries again, due now. Each prints the gateway's answer and needs an API key scoped to no \
            connection. Exit 0 on 2xx, 3 on 422 (too many events: pick a later time), 1 otherwise.
            """
    )

    enum Action: String, ExpressibleByArgument, CaseIterable {
        case redeliver
        case deadLetters = "dead-letters"
        case redrive
    }

    @Argument(help: "redeliver, dead-letters or redrive.")
    var action: Action

    @Argument(help: "The subscriber's name in the gateway's configuration.")
    var name: String

    @Argument(help: "redrive: the dead letter's id (from dead-letters).")
    var id: String?

    @Option(help: "redeliver: the events stored from this time on (RFC 3339).")
    var since: String?

    @Flag(help: "redrive: every dead letter of the subscriber.")
    var all = false

    @Option(help: "dead-letters: the page size (1 to 500, default 50).")
    var limit: Int?

    @Option(help: "dead-letters: the previous page's next_before.")
    var before: String?

    @Option(help: "The gateway's base URL (e.g. http://127.0.0.1:8080).")
    var to: String

    @Option(help: "An API key from the gateway's api_keys, scoped to no connection (default: $SWITCHBOARD_API_KEY).")
    var apiKey: String?

    func validate() throws {
        switch action {
        case .redeliver:
            guard let since, Timestamp.iso8601(since) != nil else {
                throw ValidationError("--since must be an RFC 3339 time, e.g. 2026-11-22T09:00:00Z")
            }
        case .deadLetters:
            break
        case .redrive:
            guard (id == nil) != !all else { throw ValidationError("redrive needs a dead letter's id or --all (not both)") }
        }
        if action != .redrive, id != nil { throw ValidationError("only redrive takes an id") }
    }

    func run() async throws {
        let client = try AgentAPIClient(url: to, apiKey: apiKey, command: "subscribers")
        let path = "\(client.base)/v1/subscribers/\(Self.escaped(name))"
        let request: ProviderRequest
        switch action {
        case .redeliver:
            let body = JSONWriter().bytes(.object(JSONObject([("since", .string(since ?? ""))])))
            request = ProviderRequest(
                method: "POST", url: "\(path)/redeliver",
                headers: client.headers + [HTTPField(name: "Content-Type", value: "application/json")], body: body)
        case .deadLetters:
            let query = [limit.map { "limit=\($0)" }, before.map { "before=\(Self.escaped($0))" }].compactMap { $0 }
            let url = "\(path)/dead_letters" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
            request = ProviderRequest(method: "GET", url: url, headers: client.headers, body: [])
        case .redrive:
            let target = id.map { "\(path)/dead_letters/\(Self.escaped($0))/redrive" } ?? "\(path)/dead_letters/redrive"
            request = ProviderRequest(method: "POST", url: target, headers: client.headers, body: [])
        }
        try client.printAndExit(try await client.call(request))
    }

    /// A path segment, percent-encoded.
    static func escaped(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/", "?", "&"])) ?? segment
    }
}
