import SwitchboardCore

/// A time a provider signs into a webhook (Vonage's SMS API `timestamp`), checked against the time the server
/// received the request (``InboundRequest/receivedAt``) with the allowed clock skew
/// (``InboundRequest/clockSkewMilliseconds``): what stops a captured request from being replayed later.
public enum SignedTime {
    /// Why a signed time was refused. ``message`` names the field and is safe to log.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// `timestamp_missing`, `timestamp_out_of_range`.
        public var code: String
        public var message: String
        public var description: String { "\(code): \(message)" }
    }

    /// Checks `signedSeconds` (unix seconds, as the provider signed them; `nil` when the request carries none)
    /// against `request`'s time of receipt: refused when missing (a signature without a time could be replayed
    /// forever), or further than the clock skew from the time of receipt in either direction (the bounds are
    /// inside the window). Without ``InboundRequest/receivedAt`` (off the server) only presence is checked.
    public static func check(_ signedSeconds: Int64?, field: String, request: InboundRequest) throws(Failure) {
        guard let signedSeconds else {
            throw Failure(code: "timestamp_missing", message: "the signed \(field) is missing")
        }
        guard let receivedAt = request.receivedAt else { return }
        let skew = Double(max(0, request.clockSkewMilliseconds))
        let age = Double(receivedAt.milliseconds) - Double(signedSeconds) * 1000
        guard abs(age) <= skew else {
            throw Failure(
                code: "timestamp_out_of_range",
                message: "the signed \(field) is \(seconds(abs(age))) s \(age > 0 ? "before" : "after") receipt, more than the clock "
                    + "skew allows (\(seconds(skew)) s, limits.clock_skew_ms)")
        }
    }

    /// Milliseconds as whole seconds for a message (rounded toward zero; huge values kept readable).
    static func seconds(_ milliseconds: Double) -> String {
        let value = (milliseconds / 1000).rounded(.towardZero)
        return value.magnitude < 1e15 ? String(Int64(value)) : String(value)
    }
}
