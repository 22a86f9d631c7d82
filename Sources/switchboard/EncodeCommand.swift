import AdapterKit
import ArgumentParser
import Foundation
import SwitchboardAdapters
import SwitchboardCore
import SwitchboardFixtures

/// `switchboard encode --provider P < outbound.json`: prints the provider request, secrets redacted.
struct EncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Print the provider request for a canonical outbound message read from stdin (secrets redacted)."
    )

    @Option(help: "Provider wire format.")
    var provider: String

    @Option(help: "A connection JSON file ({account, base_url, secrets, options}); default: placeholder secrets.")
    var connection: String?

    func run() throws {
        guard let adapter = StandardAdapters.registry.adapter(for: Provider(provider)) else {
            throw ValidationError("unknown provider \"\(provider)\"")
        }
        do {
            var config = ExampleConnection.make(provider: adapter.provider)
            if let connection {
                let data = try Data(contentsOf: URL(fileURLWithPath: connection))
                config = ExampleConnection.make(provider: adapter.provider, json: try JSONParser.parse(Array(data)))
            }
            let message = try OutboundMessage(json: JSONParser.parse(StandardStreams.readAll()))
            let request = try adapter.encode(message, connection: config)
            StandardStreams.print(request.redacting(config.secretValues).descriptionJSON.prettyText + "\n")
        } catch let error as SwitchboardError {
            StandardStreams.printError("switchboard encode: \(error.code): \(error.message)")
            throw ExitCode(65)
        } catch let error as JSONParseError {
            StandardStreams.printError("switchboard encode: malformed_body: \(error)")
            throw ExitCode(65)
        }
    }
}
