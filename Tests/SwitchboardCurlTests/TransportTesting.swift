import SwitchboardCore
import SwitchboardCurl
import SwitchboardTransport
import Testing

/// Runs `body` with a fresh transport and shuts it down afterwards, even when `body` throws.
func withTransport<Result>(
    _ configuration: CurlTransport.Configuration = CurlTransport.Configuration(),
    _ body: (CurlTransport) async throws -> Result
) async throws -> Result {
    let transport = CurlTransport(configuration: configuration)
    do {
        let result = try await body(transport)
        await transport.shutdown()
        return result
    } catch {
        await transport.shutdown()
        throw error
    }
}

/// The transport error `operation` fails with, or `nil` (recorded as an issue) when it succeeds.
func transportError(
    _ operation: () async throws -> ProviderResponse, sourceLocation: SourceLocation = #_sourceLocation
) async -> TransportError? {
    do {
        let response = try await operation()
        Issue.record("expected a transport error, got status \(response.status)", sourceLocation: sourceLocation)
        return nil
    } catch let error as TransportError {
        return error
    } catch {
        Issue.record("expected a TransportError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Options with short limits, so a failing test fails fast.
let quickOptions = TransportOptions(timeout: .seconds(20), connectTimeout: .seconds(5))
