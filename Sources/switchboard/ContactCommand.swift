import ArgumentParser
import Foundation
import SwitchboardCore

/// `switchboard contact consent|revoke-consent|block|unblock CONVERSATION --to URL --api-key K`: what the operator
/// records about a contact, through a running gateway's account API (docs/account-api.md).
struct ContactCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contact",
        abstract: "Record or revoke a contact's consent, block or unblock a contact.",
        discussion: """
            CONVERSATION is channel:account:contact (e.g. whatsapp:106540352242922:16505551234). The key must be scoped \
            to a connection carrying it. Prints the contact's flags. Exit 0 on 2xx, 1 otherwise.
            """,
        subcommands: [Consent.self, RevokeConsent.self, Block.self, Unblock.self]
    )

    /// `/v1/conversations/{conversation}/<what>`.
    static func path(_ conversation: String, _ what: String) -> String {
        "/v1/conversations/\(SubscribersCommand.escaped(conversation).replacingOccurrences(of: "+", with: "%2B"))/\(what)"
    }

    struct Consent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record the contact's consent with its evidence.")
        @Argument(help: "channel:account:contact") var conversation: String
        @Option(help: "Where it was given (web_form, checkout, keyword, ...).") var source: String
        @Option(help: "What the contact was shown or sent.") var evidence: String?
        @Option(help: "When it was given (RFC 3339; default now).") var at: String?
        @OptionGroup var gateway: GatewayAPIOptions

        func validate() throws {
            if let at, Timestamp.iso8601(at) == nil { throw ValidationError("--at must be an RFC 3339 time, e.g. 2026-11-22T09:00:00Z") }
        }

        func run() async throws {
            var body = JSONObject([("source", .string(source))])
            body.set("evidence", evidence.map(JSONValue.string))
            body.set("at", at.map(JSONValue.string))
            try await gateway.client("contact consent").run("PUT", ContactCommand.path(conversation, "consent"), json: .object(body))
        }
    }

    struct RevokeConsent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke-consent", abstract: "Revoke the contact's consent.")
        @Argument(help: "channel:account:contact") var conversation: String
        @OptionGroup var gateway: GatewayAPIOptions

        func run() async throws {
            try await gateway.client("contact revoke-consent").run("DELETE", ContactCommand.path(conversation, "consent"))
        }
    }

    struct Block: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Block the contact: nothing is sent to it until unblocked, queued messages included.")
        @Argument(help: "channel:account:contact") var conversation: String
        @Option(help: "Why (kept in the audit list).") var reason: String?
        @OptionGroup var gateway: GatewayAPIOptions

        func run() async throws {
            var body = JSONObject()
            body.set("reason", reason.map(JSONValue.string))
            try await gateway.client("contact block").run("PUT", ContactCommand.path(conversation, "block"), json: .object(body))
        }
    }

    struct Unblock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unblock the contact.")
        @Argument(help: "channel:account:contact") var conversation: String
        @OptionGroup var gateway: GatewayAPIOptions

        func run() async throws {
            try await gateway.client("contact unblock").run("DELETE", ContactCommand.path(conversation, "block"))
        }
    }
}
