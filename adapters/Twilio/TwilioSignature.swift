import AdapterKit
import Foundation
import SwitchboardCore

/// `X-Twilio-Signature` (docs/providers.md §6): Base64(HMAC-SHA1(auth token, URL + Σ sorted name+value)).
///
/// - The URL is ``InboundRequest/url`` exactly as Twilio called it (scheme, host, port, path, query):
///   behind a proxy the server must put the public URL there.
/// - Form POSTs append every body parameter sorted by name (repeated names keep their order); GETs
///   sign the URL alone.
/// - JSON bodies sign the URL alone, and the URL's `bodySHA256` parameter must equal hex SHA-256 of the body.
public enum TwilioSignature {
    /// The secret holding the auth token.
    public static let secretName = "auth_token"

    /// The signature Twilio sends for `url` and form `parameters`.
    public static func compute(url: String, parameters: [(name: String, value: String)], authToken: String) -> String {
        var material = url
        let sorted = parameters.enumerated().sorted { lhs, rhs in
            let left = Array(lhs.element.name.utf8), right = Array(rhs.element.name.utf8)
            return left == right ? lhs.offset < rhs.offset : left.lexicographicallyPrecedes(right)
        }
        for (_, parameter) in sorted { material += parameter.name + parameter.value }
        return Base64.encode(Signature.hmac(.sha1, key: authToken, message: Array(material.utf8)))
    }

    /// `request` with `X-Twilio-Signature` for the connection's `auth_token` (unchanged without one), as
    /// ``verify(_:connection:)`` recomputes it: a form body's parameters are signed with the URL; a JSON body gets the
    /// URL parameter `bodySHA256` (unless the URL has one) and only the URL is signed.
    public static func sign(_ request: InboundRequest, connection: ConnectionConfig) -> InboundRequest {
        guard let token = connection.secrets[secretName]?.value, !token.isEmpty else { return request }
        var signed = request
        var parameters: [(name: String, value: String)] = []
        if request.method.uppercased() != "GET", request.query("bodySHA256") == nil {
            if request.contentType == "application/x-www-form-urlencoded" {
                parameters = FormBody.parse(request.body).fields
            } else if !request.body.isEmpty {
                let hash = Signature.hex(Signature.digest(.sha256, request.body))
                signed.url += (signed.url.contains("?") ? "&" : "?") + "bodySHA256=" + hash
            }
        }
        signed.setHeader("X-Twilio-Signature", compute(url: signed.url, parameters: parameters, authToken: token))
        return signed
    }

    /// Checks a request against the connection's `auth_token`.
    public static func verify(_ request: InboundRequest, connection: ConnectionConfig) -> VerificationResult {
        guard let token = connection.secrets[secretName]?.value, !token.isEmpty else {
            return .invalid(reason: "the connection has no \(secretName) secret")
        }
        guard let given = request.header("X-Twilio-Signature"), !given.isEmpty else {
            return .invalid(reason: "missing X-Twilio-Signature header")
        }
        var parameters: [(name: String, value: String)] = []
        if let bodyHash = request.query("bodySHA256") {
            let actual = Signature.hex(Signature.digest(.sha256, request.body))
            guard Signature.constantTimeEquals(actual, bodyHash.lowercased()) else {
                return .invalid(reason: "bodySHA256 does not match the body")
            }
        } else if request.method.uppercased() != "GET" {
            parameters = FormBody.parse(request.body).fields
        }
        let expected = compute(url: request.url, parameters: parameters, authToken: token)
        return Signature.constantTimeEquals(expected, given.trimmingCharacters(in: .whitespaces))
            ? .valid : .invalid(reason: "X-Twilio-Signature does not match")
    }
}
