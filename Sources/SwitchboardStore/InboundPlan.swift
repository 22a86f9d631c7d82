import SwitchboardCore
public import SwitchboardLedger
import SwitchboardQueue

/// What one append of webhook events decides, computed in Swift before any store is touched: the events to
/// insert, the delivery each subscriber gets, the conversation states the events change and the provider
/// statuses they report for outbound messages.
///
/// A store persists a plan in one transaction and decides nothing itself:
/// 1. it inserts each step's event, skipping an id that is already stored (a re-delivered webhook) and with it
///    everything else the step would do, and creates the step's ``Delivery`` rows for the events it inserted;
/// 2. it reads the stored states of ``changedConversations(inserted:)`` and writes
///    ``conversationStates(from:inserted:)`` (``ConversationState/apply(_:receivedAt:)`` in order);
/// 3. it reads the stored delivery statuses of the outbound messages with the provider ids of
///    ``statusReports(inserted:)`` and writes what ``OutboundStatusChange/changes(applying:to:)`` computes
///    (``StatusProgression``: forward only).
///
/// `inserted` is the store's answer to step 1: one flag per step, `true` when its event was new.
public struct InboundPlan: Sendable, Hashable {
    /// One event to store and what follows from it once it is stored.
    public struct Step: Sendable, Hashable {
        /// The event, the connection it arrived on and its canonical JSON.
        public var record: EventRecord
        /// One delivery per subscriber whose filter takes the event.
        public var deliveries: [Delivery]
        /// The key of the conversation whose state the event changes; `nil` for an event without a contact.
        public var conversation: String?
        /// The delivery status the event reports for outbound messages (a status webhook), if any.
        public var status: ProviderStatusReport?
        /// The account and template changes the event reports (``AccountChange/changes(from:connections:)``).
        public var accountChanges: [AccountChange] = []
    }

    /// A subscriber delivery to create for a stored event (its outbox row).
    public struct Delivery: Sendable, Hashable {
        public var subscriber: String
        /// The conversation the delivery keeps its order in (empty for an event without one).
        public var conversation: String
        public var createdAt: Timestamp
        /// When the first attempt is due: at once.
        public var nextAttemptAt: Timestamp
    }

    /// When the webhook was received (the clock value every computed time starts from).
    public var receivedAt: Timestamp
    /// The events in request order.
    public var steps: [Step]
    /// The state each conversation the events touch starts from when nothing is stored for it yet, by key.
    public var seeds: [String: ConversationState]

    /// The plan for `records` received at `receivedAt`.
    public init(records: [EventRecord], receivedAt: Timestamp) {
        self.receivedAt = receivedAt
        var seeds: [String: ConversationState] = [:]
        steps = records.map { record in
            let event = record.event
            var conversation: String?
            if let key = event.conversation, let contact = event.contact {
                conversation = key
                if seeds[key] == nil {
                    seeds[key] = ConversationState(
                        conversation: key, channel: event.channel, account: event.account, contact: contact.id)
                }
            }
            return Step(
                record: record,
                deliveries: record.subscribers.map {
                    Delivery(subscriber: $0, conversation: event.conversation ?? "", createdAt: receivedAt, nextAttemptAt: receivedAt)
                },
                conversation: conversation, status: ProviderStatusReport(event: event),
                accountChanges: AccountChange.changes(from: event, connections: record.accountConnections))
        }
        self.seeds = seeds
    }

    /// Every conversation a step may change, in key order (the order a shared store locks them in).
    public var conversationKeys: [String] { seeds.keys.sorted() }

    /// Every provider message id the status events report, in id order (the order a shared store locks them in).
    public var reportedProviderMessageIDs: [String] { Set(steps.compactMap(\.status?.providerMessageID)).sorted() }

    /// The conversations the inserted events change, in key order: the stored states a store reads.
    public func changedConversations(inserted: [Bool]) -> [String] {
        Set(zip(steps, inserted).compactMap { $1 ? $0.conversation : nil }).sorted()
    }

    /// The states of ``changedConversations(inserted:)`` after the inserted events, applied in order: each starts
    /// from its stored state in `current`, or from its seed when nothing is stored.
    public func conversationStates(from current: [String: ConversationState], inserted: [Bool]) -> [String: ConversationState] {
        var states: [String: ConversationState] = [:]
        for (step, isNew) in zip(steps, inserted) where isNew {
            guard let key = step.conversation, var state = states[key] ?? current[key] ?? seeds[key] else { continue }
            state.apply(step.record.event, receivedAt: receivedAt)
            states[key] = state
        }
        return states
    }

    /// The account and template changes of the inserted events, in order.
    public func accountChanges(inserted: [Bool]) -> [AccountChange] {
        zip(steps, inserted).flatMap { $1 ? $0.accountChanges : [] }
    }

    /// The status reports of the inserted events, in order.
    public func statusReports(inserted: [Bool]) -> [ProviderStatusReport] {
        zip(steps, inserted).compactMap { $1 ? $0.status : nil }
    }
}
