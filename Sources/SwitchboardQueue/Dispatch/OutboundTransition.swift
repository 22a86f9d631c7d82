import SwitchboardCore

/// A compare-and-set update of one ``OutboundRecord``: applied only when the row is still in
/// `expectedState` with `expectedAttempts` (so a late worker and a redrive cannot both win).
public struct OutboundTransition: Sendable, Hashable {
    public var id: String
    public var expectedState: OutboundQueueState
    public var expectedAttempts: Int
    public var state: OutboundQueueState
    public var attempts: Int
    public var nextAttemptAt: Timestamp
    /// Set when the provider returned an id (kept otherwise).
    public var providerMessageID: String?
    /// Replaces the last failure when set.
    public var failure: DeliveryFailure?
    /// Set when dead-lettered (a dead-letter row is written).
    public var deadReason: String?
    /// A status to apply through ``StatusProgression`` (`sent`, `failed`).
    public var deliveryStatus: DeliveryStatus?
    /// A redrive: the delivery status goes back to `queued` and the dead letter is closed.
    public var resetDeliveryStatus: Bool
    /// The entry to add to the message's history.
    public var history: OutboundHistoryEntry?
    /// Set when the policy refused the message at dispatch (``state`` is `refused`): what the store tells the
    /// subscribers of `status` events and why it releases the message's hold, in the transition's transaction.
    public var refusal: DispatchRefusal?

    public init(
        id: String, expectedState: OutboundQueueState, expectedAttempts: Int, state: OutboundQueueState, attempts: Int,
        nextAttemptAt: Timestamp,
        providerMessageID: String? = nil, failure: DeliveryFailure? = nil, deadReason: String? = nil,
        deliveryStatus: DeliveryStatus? = nil, resetDeliveryStatus: Bool = false, history: OutboundHistoryEntry? = nil,
        refusal: DispatchRefusal? = nil
    ) {
        self.id = id
        self.expectedState = expectedState
        self.expectedAttempts = expectedAttempts
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.providerMessageID = providerMessageID
        self.failure = failure
        self.deadReason = deadReason
        self.deliveryStatus = deliveryStatus
        self.resetDeliveryStatus = resetDeliveryStatus
        self.history = history
        self.refusal = refusal
    }
}

/// One line of a message's status history (`GET /v1/messages/{id}`).
public struct OutboundHistoryEntry: Sendable, Hashable {
    /// `queued`, `sent`, `delivered`, `read`, `played`, `failed`, `deleted`, `retrying`, `dead`, `refused`.
    public var status: String
    public var at: Timestamp
    public var providerMessageID: String?
    /// The provider's error code, where there is one.
    public var errorCode: String?
    /// What the error means, or the dead-letter reason.
    public var message: String?
    /// Extra detail (failure category, retry time, `redriven`, `webhook`).
    public var detail: String?

    public init(
        status: String, at: Timestamp, providerMessageID: String? = nil, errorCode: String? = nil, message: String? = nil,
        detail: String? = nil
    ) {
        self.status = status
        self.at = at
        self.providerMessageID = providerMessageID
        self.errorCode = errorCode
        self.message = message
        self.detail = detail
    }

    /// `{status, at, provider_message_id?, error_code?, message?, detail?}`.
    public var json: JSONValue {
        var object = JSONObject()
        object.set("status", .string(status))
        object.set("at", .string(at.rfc3339))
        object.set("provider_message_id", providerMessageID.map(JSONValue.string))
        object.set("error_code", errorCode.map(JSONValue.string))
        object.set("message", message.map(JSONValue.string))
        object.set("detail", detail.map(JSONValue.string))
        return .object(object)
    }
}
