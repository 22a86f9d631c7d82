import ArgumentParser
import Foundation
import SwitchboardCore

/// `switchboard account show|top-up|adjust|entries|templates|sync-templates|contact-cap NAME --to URL --api-key K`:
/// a connection's account through a running gateway's account API (docs/account-api.md).
struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "Show a connection's account, top up or adjust its prepaid wallet, list its history and templates.",
        discussion: """
            Each subcommand calls a running gateway with a key scoped to the connection and prints its JSON answer. \
            Money is a decimal string (10.00). Exit 0 on 2xx, 3 on 422 (e.g. a debit larger than what is available), \
            1 otherwise.
            """,
        subcommands: [Show.self, TopUp.self, Adjust.self, Entries.self, Templates.self, SyncTemplates.self, ContactCap.self]
    )

    /// `/v1/connections/{name}`.
    static func path(_ name: String) -> String { "/v1/connections/\(SubscribersCommand.escaped(name))" }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Wallet, messaging limit and its use, quality, restrictions, contact cap, template catalog freshness.")
        @Argument(help: "The connection's name.") var name: String
        @OptionGroup var gateway: GatewayAPIOptions

        func run() async throws {
            try await gateway.client("account show").run("GET", AccountCommand.path(name) + "/account")
        }
    }

    struct TopUp: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "top-up", abstract: "Add money to the connection's prepaid wallet (a ledger entry top_up).")
        @Argument(help: "The connection's name.") var name: String
        @Option(help: "The amount, a positive decimal string (e.g. 10.00).") var amount: String
        @Option(help: "Why (default: top-up).") var reason: String?
        @Option(help: "Idempotency-Key: a retried top-up with the same key credits once.") var idempotencyKey: String?
        @OptionGroup var gateway: GatewayAPIOptions

        func run() async throws {
            try await AccountCommand.credit(
                name: name, amount: amount, kind: "top_up", reason: reason, idempotencyKey: idempotencyKey,
                client: gateway.client("account top-up"))
        }
    }

    struct Adjust: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Correct the connection's prepaid wallet by a signed amount (a ledger entry adjustment).",
            discussion: "A debit larger than what is available (balance minus holds) is refused with the numbers (exit 3).")
        @Argument(help: "The connection's name.") var name: String
        @Option(parsing: .unconditional, help: "The signed amount (e.g. -2.50 or 1.00).") var amount: String
        @Option(help: "Why (kept in the ledger).") var reason: String
        @Option(help: "Idempotency-Key: a retried adjustment with the same key applies once.") var idempotencyKey: String?
        @OptionGroup var gateway: GatewayAPIOptions

        func run() async throws {
            try await AccountCommand.credit(
                name: name, amount: amount, kind: "adjustment", reason: reason, idempotencyKey: idempotencyKey,
                client: gateway.client("account adjust"))
        }
    }

    /// `POST /v1/connections/{name}/balance`.
    static func credit(name: String, amount: String, kind: String, reason: String?, idempotencyKey: String?, client: AgentAPIClient)
        async throws
    {
        var body = JSONObject([("amount", .string(amount)), ("kind", .string(kind))])
        body.set("reason", reason.map(JSONValue.string))
        let headers = idempotencyKey.map { [HTTPField(name: "Idempotency-Key", value: $0)] } ?? []
        try await client.run("POST", path(name) + "/balance", json: .object(body), headers: headers)
    }

    struct Entries: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The wallet's history, newest first (holds, settlements, releases, top-ups, adjustments).")
        @Argument(help: "The connection's name.") var name: String
        @Option(help: "The page size (1 to 500, default 50).") var limit: Int?
        @Option(help: "The previous page's next_before.") var before: Int64?
        @OptionGroup var gateway: GatewayAPIOptions

        func run() async throws {
            let query = [limit.map { "limit=\($0)" }, before.map { "before=\($0)" }].compactMap { $0 }
            let path = AccountCommand.path(name) + "/balance/entries" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
            try await gateway.client("account entries").run("GET", path)
        }
    }

    struct Templates: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The connection's template catalog, with each template's status.")
        @Argument(help: "The connection's name.") var name: String
        @OptionGroup var gateway: GatewayAPIOptions

        func run() async throws {
            try await gateway.client("account templates").run("GET", AccountCommand.path(name) + "/templates")
        }
    }

    struct SyncTemplates: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sync-templates", abstract: "Read the connection's template catalog from the provider now.")
        @Argument(help: "The connection's name.") var name: String
        @OptionGroup var gateway: GatewayAPIOptions

        func run() async throws {
            try await gateway.client("account sync-templates").run("POST", AccountCommand.path(name) + "/templates/sync")
        }
    }

    struct ContactCap: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "contact-cap", abstract: "Set the plan's cap on distinct contacts (none removes it).")
        @Argument(help: "The connection's name.") var name: String
        @Argument(help: "The cap (a whole number), or none.") var cap: String
        @OptionGroup var gateway: GatewayAPIOptions

        func validate() throws {
            guard cap == "none" || Int32(cap).map({ $0 >= 0 }) == true else {
                throw ValidationError("the cap must be a whole number from 0 to \(Int32.max), or none")
            }
        }

        func run() async throws {
            let value: JSONValue = cap == "none" ? .null : .int(Int64(cap) ?? 0)
            try await gateway.client("account contact-cap").run(
                "PUT", AccountCommand.path(name) + "/contact_cap", json: .object(JSONObject([("cap", value)])))
        }
    }
}
