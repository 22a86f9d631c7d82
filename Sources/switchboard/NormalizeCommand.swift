import AdapterKit
import ArgumentParser
import Foundation
import SwitchboardAdapters
import SwitchboardCore

/// `switchboard normalize --provider P < body`: prints canonical events, one JSON object per line.
struct NormalizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normalize",
        abstract: "Decode one webhook body from stdin and print its canonical events (JSON Lines).",
        discussion: "Exit status 65 with one line on stderr when the body is broken or not for that provider."
    )

    @Option(help: "Provider wire format: \(StandardAdapters.registry.providers.map(\.rawValue).joined(separator: ", ")).")
    var provider: String

    @Option(help: "Business account to attribute events to when the body does not name it.")
    var account: String?

    @Option(help: "Channel of the connection where a provider carries several (e.g. sms or whatsapp for twilio).")
    var channel: String?

    @Option(help: "Content-Type of the body (default: by provider).")
    var contentType: String?

    @Option(help: "The full URL the provider called (for providers that put data in the query).")
    var url: String?

    func run() throws {
        guard let adapter = StandardAdapters.registry.adapter(for: Provider(provider)) else {
            throw ValidationError(
                "unknown provider \"\(provider)\"; known: \(StandardAdapters.registry.providers.map(\.rawValue).joined(separator: ", "))")
        }
        var request = InboundRequest(body: StandardStreams.readAll(), contentType: contentType ?? adapter.webhookContentType)
        if let url { request.url = url }
        let context = DecodeContext(account: account, channel: channel.flatMap(Channel.init(rawValue:)))
        do {
            let events = try adapter.decode(request, context: context)
            StandardStreams.print(events.map { $0.jsonLine + "\n" }.joined())
        } catch {
            StandardStreams.printError("switchboard normalize: \(error.code): \(error.message)")
            throw ExitCode(65)
        }
    }
}
