import Foundation
import SwitchboardCore
import SwitchboardCurl
import SwitchboardLedger
import SwitchboardQueue
import SwitchboardServer
import SwitchboardStore
import TestSupport
import Testing

/// A dead paid message's hold is released when it dies; redriving it would send it with nothing reserved, so the
/// redrive is refused and the wallet stays whole.
@Suite("Ledger: a redrive never sends a message whose reservation was released")
struct LedgerRedriveTests {
    typealias Fx = LedgerAcceptFixture

    @Test("a dead paid message answers 409 reservation_released on redrive; its money stays available and nothing is re-queued")
    func deadPaidMessageIsNotRedriven() async throws {
        let gateway = try Fx.gateway(balance: Fx.marketingPrice)
        let transport = CurlTransport()
        let store = gateway.store
        try await gateway.application.test(.live) { client in
            let port = try #require(client.port)
            let sent = try await Fx.post(transport, port: port, body: Fx.template(to: "16505550101"))
            #expect(sent.status == 202, "\(sent.json)")
            let id = try #require(sent.json["id"]?.string)
            // The dispatcher gives up on it: the store releases the hold in the same transaction.
            let now = Timestamp(Date())
            let dead = OutboundTransition(
                id: id, expectedState: .queued, expectedAttempts: 0, state: .dead, attempts: 5, nextAttemptAt: now,
                failure: DeliveryFailure(category: .temporary, message: "provider unreachable"), deadReason: "gave up",
                history: OutboundHistoryEntry(status: "dead", at: now))
            #expect(try await store.applyOutbound([dead]) == [true])
            #expect(try await store.hold(messageID: id)?.state == .released)
            #expect(try await store.wallet("wa")?.available == Fx.marketingPrice)

            let redrive = try await Fx.post(transport, port: port, path: "/v1/messages/\(id)/redrive", body: Array("{}".utf8))
            #expect(redrive.status == 409)
            #expect(redrive.json["code"]?.string == "reservation_released")
            #expect(try await store.outboundMessage(id: id)?.state == .dead)
            #expect(try await store.wallet("wa")?.held == .zero)

            // Queued again as a new message it goes through the policy and holds anew.
            let again = try await Fx.post(transport, port: port, body: Fx.template(to: "16505550101"))
            #expect(again.status == 202, "\(again.json)")
            #expect(try await store.wallet("wa")?.held == Fx.marketingPrice)
        }
    }
}

/// The count of known contacts is read only when a cap exists; a cap the operator sets through the store (no cap
/// configured) is still enforced.
@Suite("Ledger: the plan's contact cap set by the operator is enforced without a configured cap")
struct LedgerOperatorCapTests {
    typealias Fx = LedgerAcceptFixture

    @Test("operator cap of 1: the first contact is accepted, a second new contact refused, the first still served")
    func operatorCapCountsContacts() async throws {
        let gateway = try Fx.gateway(balance: Fx.marketingPrice.multiplied(by: 10))
        let transport = CurlTransport()
        let store = gateway.store
        try await gateway.application.test(.live) { client in
            let port = try #require(client.port)
            // Without any cap, contacts are not counted: a decision shows no contact_cap.
            let first = try await Fx.post(transport, port: port, body: Fx.template(to: "16505550201"))
            #expect(first.status == 202, "\(first.json)")
            #expect(first.json["decision"]?["ledger"]?["contact_cap"] == nil)

            try await store.setContactCap(connection: "wa", cap: 1, actor: "api:test", at: Timestamp(Date()))
            let second = try await Fx.post(transport, port: port, body: Fx.template(to: "16505550202"))
            #expect(second.status == 422, "\(second.json)")
            #expect(second.json["code"]?.string == "contact_cap_reached")
            #expect(second.json["ledger"]?["contact_cap"]?["used"]?.int == 1)
            let again = try await Fx.post(transport, port: port, body: Fx.template(to: "16505550201"))
            #expect(again.status == 202, "\(again.json)")
        }
    }
}
