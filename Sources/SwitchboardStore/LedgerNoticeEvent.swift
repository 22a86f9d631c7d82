public import SwitchboardCore
public import SwitchboardLedger

/// The canonical events the ledger itself emits, built purely so every store writes the same ones (with their
/// deliveries) in the transaction that caused them (docs/ledger.md):
///
/// - a wallet notice (`balance_low`, `balance_exhausted`): kind `event`, `event.type` the notice, attributes
///   `wallet`, `balance`, `held`, `available`, `currency`, `low_threshold`;
/// - a message refused at dispatch: kind `status`, status `failed`, `errors [{code, title: rule, detail}]`, no
///   `provider_message_id`, and `event.switchboard_message_id` naming the refused message.
///
/// Their `provider` is `switchboard` (the gateway, not a provider, is their source); `channel` and `account` are
/// those of the connection whose send, outcome or operator action caused them.
public enum LedgerNoticeEvent {
    /// The provider name of events the gateway emits itself.
    public static let provider = Provider("switchboard")

    /// Where a notice's cause happened: the connection, and its channel and account.
    public struct Origin: Sendable, Hashable {
        public var connection: String
        public var channel: Channel
        public var account: String

        public init(connection: String, channel: Channel, account: String) {
            self.connection = connection
            self.channel = channel
            self.account = account
        }

        /// The origin of a message of `connection` in conversation `channel:account:contact`; `nil` for another shape.
        public init?(connection: String, conversation: String) {
            guard let parts = LedgerStoredJSON.origin(ofConversation: conversation) else { return nil }
            self.init(connection: connection, channel: parts.channel, account: parts.account)
        }
    }

    /// The event announcing `notice` for `wallet` as it stands after the ledger entry `entrySequence` (which makes
    /// the id unique and stable), for `subscribers`.
    public static func wallet(
        _ notice: WalletNotice, wallet: WalletState, entrySequence: Int64, origin: Origin, at: Timestamp, subscribers: [String]
    ) -> EventRecord {
        var attributes = JSONObject()
        attributes.set("wallet", .string(wallet.id))
        attributes.set("balance", .string(wallet.balance.decimalString))
        attributes.set("held", .string(wallet.held.decimalString))
        attributes.set("available", .string(wallet.available.decimalString))
        attributes.set("currency", .string(wallet.currency))
        attributes.set("low_threshold", wallet.lowThreshold.map { .string($0.decimalString) })
        let event = CanonicalEvent(
            kind: .event,
            id: EventID.make(
                provider: provider, account: origin.account, kind: .event, key: "\(notice.rawValue)\u{1F}\(wallet.id)\u{1F}\(entrySequence)"
            ),
            channel: origin.channel, provider: provider, account: origin.account, direction: .outbound, timestamp: at,
            event: EventDetail(type: notice.rawValue, attributes: attributes))
        return EventRecord(event: event, connection: origin.connection, subscribers: subscribers)
    }

    /// The `status` event telling `subscribers` that message `messageID` to `conversation` was refused at dispatch:
    /// `code` is the policy's code, `rule` the rule's name, `detail` the explanation and the remedy.
    public static func refusedAtDispatch(
        messageID: String, connection: String, conversation: String, code: String, rule: String?, detail: String?, metadata: String?,
        at: Timestamp, subscribers: [String]
    ) -> EventRecord? {
        guard let parts = LedgerStoredJSON.origin(ofConversation: conversation) else { return nil }
        var attributes = JSONObject()
        attributes.set("switchboard_message_id", .string(messageID))
        let event = CanonicalEvent(
            kind: .status,
            id: EventID.make(provider: provider, account: parts.account, kind: .status, key: "refused\u{1F}\(messageID)"),
            channel: parts.channel, provider: provider, account: parts.account, direction: .outbound, timestamp: at,
            contact: Contact(id: parts.contact), status: .failed, errors: [ProviderErrorInfo(code: code, title: rule, detail: detail)],
            event: EventDetail(type: "refused_at_dispatch", attributes: attributes), metadata: metadata)
        return EventRecord(event: event, connection: connection, subscribers: subscribers)
    }
}
