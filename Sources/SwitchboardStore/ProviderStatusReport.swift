import SwitchboardCore
import SwitchboardQueue

/// A provider's delivery status for one outbound message, as a status webhook reports it: what every store
/// applies to the message (forward only, ``StatusProgression``) and records in its history.
///
/// Read either from the status event being appended, or from one stored before the send learned its
/// provider id (a fast provider).
public struct ProviderStatusReport: Sendable, Hashable {
    public var status: DeliveryStatus
    public var errors: [ProviderErrorInfo]
    /// When the provider says it happened, when it says.
    public var at: Timestamp?
    public var providerMessageID: String
    /// What the provider says the message costs (`pricing.type`, `category`, `billable`), when the status carries
    /// it: it settles the message's hold (``HoldRecord/resolution(of:)``).
    public var pricing: Pricing?

    public init(
        status: DeliveryStatus, errors: [ProviderErrorInfo] = [], at: Timestamp? = nil, providerMessageID: String, pricing: Pricing? = nil
    ) {
        self.status = status
        self.errors = errors
        self.at = at
        self.providerMessageID = providerMessageID
        self.pricing = pricing
    }

    /// The report of a `status` event with a provider message id and a status; `nil` for any other event.
    public init?(event: CanonicalEvent) {
        guard event.kind == .status, let providerID = event.providerMessageID, let status = event.status else { return nil }
        self.init(status: status, errors: event.errors, at: event.timestamp, providerMessageID: providerID, pricing: event.pricing)
    }

    /// The report in a stored status event's canonical JSON; `nil` when it carries no known status.
    public init?(storedEventJSON text: String, providerMessageID: String) {
        guard let json = try? JSONParser.parse(Array(text.utf8)),
            let status = json["status"]?.string.flatMap(DeliveryStatus.init(rawValue:))
        else { return nil }
        let errors = (json["errors"]?.array ?? []).compactMap { item in
            item["code"]?.identifier.map { ProviderErrorInfo(code: $0, title: item["title"]?.string, detail: item["detail"]?.string) }
        }
        let pricing = json["pricing"].flatMap { value -> Pricing? in
            guard value.object != nil else { return nil }
            return Pricing(
                category: value["category"]?.string, type: value["type"]?.string, billable: value["billable"]?.bool,
                model: value["model"]?.string)
        }
        self.init(
            status: status, errors: errors, at: json["timestamp"]?.string.flatMap(Timestamp.iso8601), providerMessageID: providerMessageID,
            pricing: pricing)
    }

    /// The history line the report leaves on the message (detail `webhook`; the first error, if any).
    public var historyEntry: OutboundHistoryEntry {
        let error = errors.first
        return OutboundHistoryEntry(
            status: status.rawValue, at: at ?? Timestamp(milliseconds: 0), providerMessageID: providerMessageID, errorCode: error?.code,
            message: error.flatMap { $0.title ?? $0.detail }, detail: "webhook")
    }
}
