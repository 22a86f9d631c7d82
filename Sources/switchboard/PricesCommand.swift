import ArgumentParser
import Foundation
import SwitchboardCore

/// `switchboard prices import FILE` and `prices show`, each `--to URL --api-key K`: the price table through a running
/// gateway's account API (docs/account-api.md "Price table").
struct PricesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prices",
        abstract: "Import a CSV price table into a running gateway, or show the one in force.",
        discussion: """
            The CSV has the header calling_code,category,price,currency,effective_from[,channel] and one rate per line \
            (e.g. 1,marketing,0.0250,USD,2025-07-01). The import is all or nothing: every bad line is printed with its \
            number (exit 3). Importing needs a key scoped to no connection. Exit 0 on 2xx, 1 otherwise.
            """,
        subcommands: [Import.self, Show.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace the price table with a CSV file (- reads standard input).")
        @Argument(help: "The CSV file.") var file: String
        @OptionGroup var gateway: GatewayAPIOptions

        func run() async throws {
            let client = try gateway.client("prices import")
            let body: [UInt8]
            if file == "-" {
                body = StandardStreams.readAll()
            } else {
                guard let data = FileManager.default.contents(atPath: file) else {
                    StandardStreams.printError("switchboard prices import: cannot read \(file)")
                    throw ExitCode(66)
                }
                body = Array(data)
            }
            let request = ProviderRequest(
                method: "POST", url: client.base + "/v1/prices",
                headers: client.headers + [HTTPField(name: "Content-Type", value: "text/csv; charset=utf-8")], body: body)
            try client.printAndExit(try await client.call(request))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The imported price table.")
        @OptionGroup var gateway: GatewayAPIOptions

        func run() async throws {
            try await gateway.client("prices show").run("GET", "/v1/prices")
        }
    }
}
