import SwitchboardCore
import SwitchboardQueue
import Testing

@Suite("Status progression: monotonic whatever the arrival order")
struct StatusProgressionTests {
    @Test("read is never downgraded to delivered")
    func readThenDelivered() {
        var progression = StatusProgression(current: .sent)
        #expect(progression.apply(.read) == .advanced(from: .sent, to: .read))
        #expect(progression.apply(.delivered) == .ignored(.delivered, current: .read))
        #expect(progression.current == .read)
    }

    @Test("failed after sent applies; failed after delivered is stale; delivered after failed wins")
    func failedOrdering() {
        var afterSent = StatusProgression(current: .sent)
        #expect(afterSent.apply(.failed) == .advanced(from: .sent, to: .failed))
        var afterDelivered = StatusProgression(current: .delivered)
        #expect(afterDelivered.apply(.failed) == .ignored(.failed, current: .delivered))
        var crossing = StatusProgression(current: .failed)
        #expect(crossing.apply(.delivered) == .advanced(from: .failed, to: .delivered))
    }

    @Test("duplicates are ignored")
    func duplicates() {
        var progression = StatusProgression()
        progression.apply(.sent)
        #expect(progression.apply(.sent) == .ignored(.sent, current: .sent))
    }

    @Test(
        "every arrival order of a set of statuses ends in the same status",
        arguments: [
            [DeliveryStatus.sent, .delivered, .read], [.sent, .failed], [.sent, .delivered, .failed], [.sent, .read, .played],
            [.sent, .delivered, .read, .deleted],
        ])
    func orderIndependent(statuses: [DeliveryStatus]) {
        var finals = Set<DeliveryStatus>()
        for order in permutations(statuses) {
            var progression = StatusProgression(current: .queued)
            for status in order { progression.apply(status) }
            finals.insert(progression.current)
        }
        #expect(finals.count == 1)
        #expect(finals.first == statuses.max { StatusProgression.precedence($0) < StatusProgression.precedence($1) })
    }

    private func permutations(_ items: [DeliveryStatus]) -> [[DeliveryStatus]] {
        guard items.count > 1 else { return [items] }
        return items.indices.flatMap { index -> [[DeliveryStatus]] in
            var rest = items
            let head = rest.remove(at: index)
            return permutations(rest).map { [head] + $0 }
        }
    }
}
