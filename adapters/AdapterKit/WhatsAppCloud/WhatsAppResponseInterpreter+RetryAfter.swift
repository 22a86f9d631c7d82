import SwitchboardCore

extension WhatsAppResponseInterpreter {
    /// The `Retry-After` header in seconds, clamped into `0...RetryAfter.maximumSeconds`: a number of
    /// seconds, or an HTTP date measured against the response's own `Date` header (adapters have no clock).
    /// `nil` when absent or unreadable. The same reading as ``RetryAfter``'s, which every adapter shares.
    public static func retryAfterSeconds(_ response: ProviderResponse) -> Double? {
        RetryAfter.seconds(response)
    }
}
