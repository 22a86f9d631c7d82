import ArgumentParser

/// The `switchboard` command-line tool.
@main
struct Switchboard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "A channel gateway: provider webhooks in, canonical events out; agent messages out through provider APIs.",
        subcommands: [
            NormalizeCommand.self, EncodeCommand.self, ReplayCommand.self, ServeCommand.self, ConfigCommand.self,
            MockProviderCommand.self, SendCommand.self, QuarantineCommand.self, SubscribersCommand.self, AccountCommand.self,
            ContactCommand.self, PricesCommand.self,
        ]
    )
}
