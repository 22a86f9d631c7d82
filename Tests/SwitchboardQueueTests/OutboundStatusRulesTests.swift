import SwitchboardCore
import SwitchboardQueue
import SwitchboardStore
import Testing

/// The forward-only delivery-status rules the stores apply, computed in Swift and tested without a database.
@Suite("Outbound delivery status: transitions and provider reports")
struct OutboundStatusRulesTests {
    static func report(_ status: DeliveryStatus, _ seconds: Int64, id: String = "wamid.P") -> ProviderStatusReport {
        ProviderStatusReport(status: status, at: Timestamp(seconds: seconds), providerMessageID: id)
    }

    static func message(_ status: DeliveryStatus, id: String = "m1", providerID: String = "wamid.P") -> StoredDeliveryStatus {
        StoredDeliveryStatus(messageID: id, providerMessageID: providerID, status: status)
    }

    static func transition(status: DeliveryStatus? = nil, reset: Bool = false) -> OutboundTransition {
        OutboundTransition(
            id: "m1", expectedState: .sending, expectedAttempts: 0, state: .sent, attempts: 1, nextAttemptAt: Timestamp(seconds: 1),
            deliveryStatus: status, resetDeliveryStatus: reset)
    }

    /// The message's status after each report arrives in its own webhook, in `order`: what the store writes each time.
    static func final(after order: [DeliveryStatus], from start: DeliveryStatus = .sent) -> (DeliveryStatus, [String]) {
        var current = message(start)
        var history: [String] = []
        for (index, status) in order.enumerated() {
            for change in OutboundStatusChange.changes(applying: [report(status, Int64(index))], to: [current]) {
                current.status = change.status
                history += change.history.map(\.status)
            }
        }
        return (current.status, history)
    }

    @Test("every arrival order of sent, delivered, read and failed ends in read; each report that moved it is in the history")
    func everyOrder() {
        let statuses: [DeliveryStatus] = [.sent, .delivered, .read, .failed]
        var orders: [[DeliveryStatus]] = [[]]
        for _ in statuses { orders = orders.flatMap { order in statuses.filter { !order.contains($0) }.map { order + [$0] } } }
        #expect(orders.count == 24)
        for order in orders {
            let (status, history) = Self.final(after: order, from: .queued)
            #expect(status == .read, "order \(order)")
            #expect(history.last == "read" && Set(history).count == history.count, "order \(order)")
            // In one webhook batch the result is the same as one by one.
            let batch = OutboundStatusChange.changes(
                applying: order.enumerated().map { Self.report($1, Int64($0)) }, to: [Self.message(.queued)])
            #expect(batch.map(\.status) == [.read] && batch.first?.history.map(\.status) == history, "order \(order)")
        }
    }

    @Test("a report that does not move the message changes nothing; reports for another provider id are not applied")
    func ignored() {
        #expect(OutboundStatusChange.changes(applying: [Self.report(.delivered, 1)], to: [Self.message(.read)]).isEmpty)
        #expect(OutboundStatusChange.changes(applying: [Self.report(.sent, 1)], to: [Self.message(.sent)]).isEmpty)
        #expect(OutboundStatusChange.changes(applying: [Self.report(.failed, 1)], to: [Self.message(.delivered)]).isEmpty)
        #expect(OutboundStatusChange.changes(applying: [Self.report(.read, 1, id: "wamid.OTHER")], to: [Self.message(.sent)]).isEmpty)
        #expect(OutboundStatusChange.changes(applying: [Self.report(.read, 1)], to: []).isEmpty)
        let both = OutboundStatusChange.changes(
            applying: [Self.report(.delivered, 1, id: "wamid.A"), Self.report(.read, 2, id: "wamid.B")],
            to: [Self.message(.sent, id: "a", providerID: "wamid.A"), Self.message(.read, id: "b", providerID: "wamid.B")])
        #expect(both.map(\.messageID) == ["a"] && both.first?.status == .delivered)
    }

    @Test("a webhook's history line: the report's time, provider id, first error and detail webhook")
    func historyLine() {
        let failed = ProviderStatusReport(
            status: .failed, errors: [ProviderErrorInfo(code: "131047", title: "Re-engagement message")], at: Timestamp(seconds: 11),
            providerMessageID: "wamid.P")
        let change = OutboundStatusChange.changes(applying: [failed], to: [Self.message(.sent)])
        #expect(
            change == [
                OutboundStatusChange(
                    messageID: "m1", status: .failed,
                    history: [
                        OutboundHistoryEntry(
                            status: "failed", at: Timestamp(seconds: 11), providerMessageID: "wamid.P", errorCode: "131047",
                            message: "Re-engagement message", detail: "webhook")
                    ])
            ])
    }

    @Test("a transition applies its status forward only; without one it keeps the stored status")
    func transitionForwardOnly() {
        #expect(Self.transition(status: .sent).deliveryStatus(replacing: .queued) == .sent)
        #expect(Self.transition(status: .sent).deliveryStatus(replacing: .delivered) == .delivered)
        #expect(Self.transition(status: .failed).deliveryStatus(replacing: .sent) == .failed)
        #expect(Self.transition(status: .failed).deliveryStatus(replacing: .read) == .read)
        #expect(Self.transition().deliveryStatus(replacing: .read) == .read)
        #expect(Self.transition(status: .sent).changesDeliveryStatus && !Self.transition().changesDeliveryStatus)
    }

    @Test("a redrive resets the delivery status to queued, whatever it was")
    func redriveResets() {
        for stored in DeliveryStatus.allCases {
            #expect(Self.transition(reset: true).deliveryStatus(replacing: stored) == .queued)
        }
        #expect(Self.transition(reset: true).changesDeliveryStatus)
        #expect(Self.transition(status: .failed, reset: true).deliveryStatus(replacing: .read) == .failed)
    }

    @Test("statuses that arrived before the send learned its provider id are applied when it does")
    func statusBeforeSend() {
        let early = [Self.report(.delivered, 21), Self.report(.sent, 20)]
        // The webhooks find no message with that id yet: nothing changes.
        #expect(OutboundStatusChange.changes(applying: early, to: []).isEmpty)
        // The send records the id: its own status first, then the stored reports from there.
        let afterSend = Self.transition(status: .sent).deliveryStatus(replacing: .queued)
        let change = OutboundStatusChange.changes(applying: early, to: [Self.message(afterSend)])
        #expect(change.map(\.status) == [.delivered])
        #expect(change.first?.history.map(\.status) == ["delivered"] && change.first?.history.first?.at == Timestamp(seconds: 21))
    }

    @Test("an accepted send starts queued, due at once, with one queued history line")
    func acceptedSend() {
        let new = NewOutboundMessage(
            id: "m1", connection: "wa", conversation: "whatsapp:1:2", recipient: "2", apiKeyID: "k", idempotencyKey: nil, requestHash: "h",
            businessInitiated: false, message: ["type": "text"], decision: ["allowed": true], createdAt: Timestamp(seconds: 7))
        #expect(new.historyEntry == OutboundHistoryEntry(status: "queued", at: Timestamp(seconds: 7)))
        let record = new.record(sequence: 3)
        #expect(record.state == .queued && record.deliveryStatus == .queued && record.attempts == 0 && record.sequence == 3)
        #expect(record.nextAttemptAt == Timestamp(seconds: 7) && record.createdAt == Timestamp(seconds: 7))
        #expect(record.providerMessageID == nil && record.lastFailure == nil && record.decision == ["allowed": true])
    }
}
