import AdapterKit
import SwitchboardCore

/// Scaffold: classifies Graph API responses into delivery outcomes.
enum MetaResponseInterpreter {
    static func interpret(_ response: ProviderResponse, for request: ProviderRequest) -> DeliveryOutcome {
        .failed(DeliveryFailure(category: .unknown, message: "not implemented"))
    }
}
