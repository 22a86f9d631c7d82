import ArgumentParser
import Foundation
import SwitchboardAdapters
import SwitchboardServer

/// `switchboard config check FILE` and `switchboard config default`.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Validate a configuration file, or print the embedded default.",
        subcommands: [Check.self, Default.self]
    )

    /// Validates a configuration file, naming the line and key of every problem.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a configuration file; prints every problem with its line and key (exit 1 on any).")

        @Argument(help: "The YAML configuration file.")
        var file: String

        func run() throws {
            do {
                let configuration = try GatewayConfigurationFile.load(path: file)
                for connection in configuration.connections where connection.insecureAcceptUnsigned {
                    StandardStreams.printError(
                        "\(file): warning: connection \(connection.name) accepts unsigned webhooks (insecure_accept_unsigned: true)")
                }
                StandardStreams.print(
                    "\(file): ok (\(configuration.connections.count) connections, \(configuration.subscribers.count) subscribers, "
                        + "listening on \(configuration.host):\(configuration.port), store \(configuration.store.location))\n")
            } catch let error as ConfigurationError {
                for problem in error.problems { StandardStreams.printError("\(file): \(problem)") }
                throw ExitCode(1)
            }
        }
    }

    /// Prints the embedded demo configuration (a starting point for your own).
    struct Default: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the embedded demo configuration.")

        func run() throws { StandardStreams.print(GatewayConfiguration.demoYAML + "\n") }
    }
}

/// Reading configuration files: only the command line reads files and the environment.
enum GatewayConfigurationFile {
    /// The configuration in the file at `path`, or `ConfigurationError` with every problem.
    static func load(path: String) throws -> GatewayConfiguration {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(problems: [ConfigurationProblem(line: nil, key: "", message: "cannot read \(path)")])
        }
        return try loader.load(yaml: text)
    }

    /// The file's configuration, or the embedded demo when `path` is `nil`.
    static func loadOrDemo(path: String?) throws -> GatewayConfiguration {
        guard let path else { return try loader.load(yaml: GatewayConfiguration.demoYAML) }
        return try load(path: path)
    }

    static var loader: ConfigurationLoader {
        ConfigurationLoader(secrets: SecretSource(), knownProviders: Set(StandardAdapters.registry.providers))
    }
}
