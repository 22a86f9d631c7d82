import SwitchboardCore
import SwitchboardQueue

/// A message accepted by `POST /v1/messages`, to be queued.
public struct NewOutboundMessage: Sendable, Hashable {
    public var id: String
    public var connection: String
    public var conversation: String
    public var recipient: String
    /// A stable, non-secret identifier of the API key (a hash of it).
    public var apiKeyID: String
    public var idempotencyKey: String?
    /// Hash of the request body: a reused idempotency key with a different body is refused.
    public var requestHash: String
    /// Whether the message is sent outside the contact's service window (counts for the messaging tier).
    public var businessInitiated: Bool
    public var message: JSONValue
    public var decision: JSONValue
    public var createdAt: Timestamp

    public init(
        id: String, connection: String, conversation: String, recipient: String, apiKeyID: String, idempotencyKey: String?,
        requestHash: String, businessInitiated: Bool, message: JSONValue, decision: JSONValue, createdAt: Timestamp
    ) {
        self.id = id
        self.connection = connection
        self.conversation = conversation
        self.recipient = recipient
        self.apiKeyID = apiKeyID
        self.idempotencyKey = idempotencyKey
        self.requestHash = requestHash
        self.businessInitiated = businessInitiated
        self.message = message
        self.decision = decision
        self.createdAt = createdAt
    }
}

/// What ``GatewayStore/enqueueOutbound(_:)`` did.
public enum EnqueueOutcome: Sendable, Hashable {
    /// Stored as new.
    case created(OutboundRecord)
    /// The API key already used this idempotency key: the first message, and whether the body was the same.
    case existing(OutboundRecord, sameRequest: Bool)
}

/// What the store knows about an account's contacts, for the policy's ``AccountState``.
public struct OutboundAccountFacts: Sendable, Hashable {
    /// Distinct contacts of the account (conversations with events or outbound messages).
    public var knownContacts: Int
    /// Whether this conversation's contact is one of them.
    public var contactIsKnown: Bool
    /// Distinct contacts that got a business-initiated message since the cut-off (not failed or dead).
    public var uniqueBusinessInitiatedContacts: Int
    /// Whether this contact is among them.
    public var contactReached: Bool

    public init(knownContacts: Int, contactIsKnown: Bool, uniqueBusinessInitiatedContacts: Int, contactReached: Bool) {
        self.knownContacts = knownContacts
        self.contactIsKnown = contactIsKnown
        self.uniqueBusinessInitiatedContacts = uniqueBusinessInitiatedContacts
        self.contactReached = contactReached
    }
}

extension DeliveryFailure {
    /// Reads ``json``.
    init?(storedJSON value: JSONValue?) {
        guard let value, let object = value.object, let message = object["message"]?.string else { return nil }
        self.init(
            category: Category(rawValue: object["category"]?.string ?? "") ?? .unknown, providerCode: object["provider_code"]?.string,
            message: message, perRecipient: object["per_recipient"]?.bool ?? false)
    }
}
