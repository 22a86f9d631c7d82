import AdapterKit
import Foundation
import SwitchboardCore
import SwitchboardFixtures

/// The round trip every adapter suite checks on its provider's real inbound fixtures: what
/// ``ChannelAdapter/sign(_:connection:at:)`` produces, ``ChannelAdapter/verify(_:connection:)`` accepts; the same
/// request altered after signing, or signed with other secrets, it refuses.
public enum SignedFixtures {
    /// What the round trip found.
    public struct Report: Sendable {
        /// How many inbound fixtures were signed and verified.
        public var fixtures = 0
        /// One line per fixture and variant that did not verify as it must (`provider/file: why`); empty when all did.
        public var failures: [String] = []
    }

    /// Signs every inbound fixture of `adapter`'s provider for `connection` at `time` and verifies it as received at
    /// `time` (``InboundRequest/receivedAt``, the default clock skew): the signed request must be valid; signed with every secret changed, refused; when `coversBody` (the provider signs the
    /// body or the URL, not only a token header), altered after signing (``tampered(_:)``), refused.
    public static func check(
        _ adapter: any ChannelAdapter, connection: ConnectionConfig, coversBody: Bool, at time: Timestamp = Timestamp(Date())
    ) throws -> Report {
        let runner = FixtureRunner(registry: AdapterRegistry([adapter]))
        var impostor = connection
        impostor.secrets = connection.secrets.mapValues { Secret($0.value + "-other") }
        var report = Report()
        for fixture in try FixtureDiscovery.cases(in: [FixturePaths.fixtures(adapter.provider.rawValue)])
        where fixture.kind == .inbound {
            let (request, _) = try runner.inboundRequest(for: fixture, bytes: Array(try Data(contentsOf: fixture.input)))
            var signed = adapter.sign(request, connection: connection, at: time)
            signed.receivedAt = time
            report.fixtures += 1
            if case .invalid(let reason) = adapter.verify(signed, connection: connection) {
                report.failures.append("\(fixture.displayName): signed, refused: \(reason)")
            }
            var forged = adapter.sign(request, connection: impostor, at: time)
            forged.receivedAt = time
            if adapter.verify(forged, connection: connection).isValid {
                report.failures.append("\(fixture.displayName): signed with other secrets, accepted")
            }
            if coversBody, adapter.verify(tampered(signed), connection: connection).isValid {
                report.failures.append("\(fixture.displayName): altered after signing, accepted")
            }
        }
        return report
    }

    /// `request` changed after it was signed: its middle body byte flipped, or for an empty body one byte added
    /// and a parameter added to the URL.
    public static func tampered(_ request: InboundRequest) -> InboundRequest {
        var changed = request
        if changed.body.isEmpty {
            changed.body = Array("x".utf8)
            changed.url += (changed.url.contains("?") ? "&" : "?") + "tampered=1"
        } else {
            changed.body[changed.body.count / 2] ^= 0x01
        }
        return changed
    }
}
