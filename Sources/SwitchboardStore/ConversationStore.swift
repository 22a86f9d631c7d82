import SwitchboardCore

/// Conversation state: what the gateway remembers about each conversation, as the event log's appends left it
/// (read by `GET /v1/conversations/{conversation}` and by the send API's policy decision).
public protocol ConversationStore: Sendable {
    /// The state of a conversation, or `nil` when nothing was ever stored for it.
    func conversation(_ key: String) async throws(StoreError) -> ConversationState?
}
