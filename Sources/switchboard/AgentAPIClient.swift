import ArgumentParser
import Foundation
import SwitchboardCore
import SwitchboardCurl
import SwitchboardTransport

/// A call to a running gateway's API from the command line (`send`, `quarantine`): Bearer key from the option
/// or `SWITCHBOARD_API_KEY`, the answer printed as JSON.
struct AgentAPIClient {
    let base: String
    let key: String
    let command: String

    /// A client for the gateway at `url`; fails when no API key is given.
    init(url: String, apiKey: String?, command: String) throws {
        guard let key = apiKey ?? ProcessInfo.processInfo.environment["SWITCHBOARD_API_KEY"], !key.isEmpty else {
            throw ValidationError("--api-key (or SWITCHBOARD_API_KEY) is required")
        }
        base = url.hasSuffix("/") ? String(url.dropLast()) : url
        self.key = key
        self.command = command
    }

    /// `Authorization` and `Accept`.
    var headers: [HTTPField] {
        [HTTPField(name: "Authorization", value: "Bearer \(key)"), HTTPField(name: "Accept", value: "application/json")]
    }

    /// Sends `request` through libcurl; a transport failure prints one line and exits 1.
    func call(_ request: ProviderRequest) async throws -> ProviderResponse {
        let transport = CurlTransport()
        defer { Task { await transport.shutdown() } }
        do {
            return try await transport.send(request, options: TransportOptions(timeout: .seconds(30), verifyTLS: true))
        } catch {
            StandardStreams.printError("switchboard \(command): \(error)")
            throw ExitCode(1)
        }
    }

    /// Prints the answer (JSON in document order), then exits 0 on 2xx, 3 on a 422, 1 otherwise.
    func printAndExit(_ response: ProviderResponse) throws {
        let text = response.jsonBody.map { JSONWriter(sortedKeys: false).string($0) } ?? String(decoding: response.body, as: UTF8.self)
        StandardStreams.print(text + "\n")
        switch response.status {
        case 200..<300: return
        case 422: throw ExitCode(3)
        default: throw ExitCode(1)
        }
    }
}
