/// Everything `serve` asks of its store, one protocol per job:
///
/// - ``EventLog``: append webhook events (with the state changes and deliveries they cause), read them back;
/// - ``QuarantineStore``: requests that did not decode, kept byte-exact;
/// - ``ConversationStore``: the state of each conversation;
/// - ``DeliveryOutbox``: the subscriber deliveries, their dead letters, redrive and redelivery;
/// - ``SendQueue``: the outbound send queue (the dispatcher's ``OutboundQueueStore`` plus the send API's reads);
/// - ``StoreMaintenance``: retention, the readiness probe, write statistics, closing.
///
/// Each server component holds only the protocols it uses; the composition root holds the whole.
/// Implemented by ``SQLiteEventStore`` (one process) and by the PostgreSQL store in `SwitchboardPostgres`
/// (several processes sharing one database). Both pass the same contract suite
/// (`Tests/EventStoreContractTests`).
public protocol GatewayStore: EventLog, QuarantineStore, ConversationStore, DeliveryOutbox, SendQueue, StoreMaintenance, AccountLedger {}
