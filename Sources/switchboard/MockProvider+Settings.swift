import Logging
import SwitchboardMockProvider
import SwitchboardServer

extension MockProvider {
    /// The mock provider `mock_provider:` configures (`serve` runs it beside the gateway), logging its address once
    /// it listens.
    convenience init(settings: MockProviderSettings, logger: Logger) {
        self.init(
            configuration: .init(
                host: settings.host, port: settings.port, faults: settings.faults, maxRecordedRequests: settings.maxRecordedRequests,
                onListening: { port in
                    logger.notice(
                        "mock provider listening (demo sends go here)", metadata: ["switchboard.mock": "\(settings.host):\(port)"])
                }))
    }
}
