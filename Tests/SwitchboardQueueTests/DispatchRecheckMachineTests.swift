import SwitchboardCore
import SwitchboardQueue
import TestSupport
import Testing

@Suite("Policy refusal at dispatch in the send state machine (pure, manual clock)")
struct DispatchRecheckMachineTests {
    typealias Machine = SendStateMachine<ManualClock>
    let clock = ManualClock()
    let refusal = DispatchRefusal(
        code: "window_closed", rule: "whatsapp_window", message: "The contact last wrote 25 h ago.",
        remedy: "Send an approved template.")

    @Test("a claimed message the policy refuses ends refused, its attempt not counted, and nothing applies to it afterwards")
    func refusedIsTerminal() {
        var machine = Machine()
        _ = machine.handle(.claimed(at: clock.now))
        #expect(machine.attempts == 1)
        #expect(machine.handle(.refusedByPolicy(refusal.failure, at: clock.now)) == .markRefused(refusal.failure))
        #expect(machine.state == .refused(refusal.failure))
        #expect(machine.queueState == .refused && machine.stateName == "refused")
        #expect(machine.attempts == 0)
        #expect(machine.handle(.redrive(at: clock.now)) == .ignore("redrive does not apply to a message that is refused"))
        #expect(machine.handle(.claimed(at: clock.now)) == .ignore("claimed does not apply to a message that is refused"))
        #expect(
            machine.handle(.outcome(.sent(providerMessageID: "wamid.1"), at: clock.now))
                == .ignore("an outcome does not apply to a message that is refused"))
        #expect(machine.state == .refused(refusal.failure))
    }

    @Test("a refusal applies only to a message being sent: a queued or waiting one ignores it")
    func refusalNeedsAClaim() {
        var queued = Machine()
        #expect(
            queued.handle(.refusedByPolicy(refusal.failure, at: clock.now))
                == .ignore("a policy refusal does not apply to a message that is queued"))
        #expect(queued.state == .queued)
    }

    @Test("after a retry the refusal keeps the attempts already made")
    func refusalAfterRetries() {
        var machine = Machine(retryPolicy: RetryPolicy(maxAttempts: 5, baseDelay: .zero, maxDelay: .zero))
        let temporary = DeliveryFailure(category: .temporary, message: "HTTP 503")
        _ = machine.handle(.claimed(at: clock.now))
        _ = machine.handle(.outcome(.retry(after: nil, failure: temporary), at: clock.now))
        _ = machine.handle(.claimed(at: clock.now))
        #expect(machine.attempts == 2)
        #expect(machine.handle(.refusedByPolicy(refusal.failure, at: clock.now)) == .markRefused(refusal.failure))
        #expect(machine.attempts == 1)
    }

    @Test("the refusal's failure: category policy_refused, the policy code, explanation and remedy in one text")
    func failureShape() {
        #expect(refusal.failure.category == .policyRefused)
        #expect(refusal.failure.category.rawValue == "policy_refused")
        #expect(refusal.failure.providerCode == "window_closed")
        #expect(refusal.failure.message == "The contact last wrote 25 h ago. — Send an approved template.")
        let bare = DispatchRefusal(code: "blocklisted", rule: "blocklist", message: "The contact is blocked.", remedy: nil)
        #expect(bare.failure.message == "The contact is blocked.")
        #expect(DispatchRecheckVerdict.refuse(code: "c", rule: "r", message: "m", remedy: nil).refusal?.rule == "r")
        #expect(DispatchRecheckVerdict.send.refusal == nil)
    }

    @Test("the stored record of a refused message: transition into refused with a failed status, read back as refused")
    func recordTransition() throws {
        let now = Timestamp(milliseconds: 1_700_000_000_000)
        let record = OutboundRecord(
            id: "msg_1", connection: "wa", conversation: "whatsapp:1:2", recipient: "2", state: .retryWait, attempts: 2,
            nextAttemptAt: now, message: .null, lastFailure: DeliveryFailure(category: .temporary, message: "HTTP 503"), createdAt: now)
        var machine = record.machine(retryPolicy: RetryPolicy(), lease: .seconds(30))
        guard case .send = machine.handle(.claimed(at: WallClock.Instant(now))) else {
            Issue.record("the due retry was not claimed")
            return
        }
        let action = machine.handle(.refusedByPolicy(refusal.failure, at: WallClock.Instant(now)))
        let transition = try #require(record.transition(after: machine, action: action, at: now))
        #expect(transition.expectedState == .retryWait && transition.expectedAttempts == 2)
        #expect(transition.state == .refused && transition.attempts == 2)
        #expect(transition.failure == refusal.failure)
        #expect(transition.deliveryStatus == .failed)
        #expect(transition.history?.status == "refused" && transition.history?.errorCode == "window_closed")

        var stored = record
        stored.state = .refused
        stored.lastFailure = refusal.failure
        var readBack = stored.machine(retryPolicy: RetryPolicy(), lease: .seconds(30))
        #expect(readBack.state == .refused(refusal.failure))
        #expect(readBack.handle(.redrive(at: WallClock.Instant(now))) == .ignore("redrive does not apply to a message that is refused"))
    }
}
