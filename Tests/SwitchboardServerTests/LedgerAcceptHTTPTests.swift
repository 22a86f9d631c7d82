import Foundation
import SwitchboardCore
import SwitchboardCurl
import SwitchboardLedger
import SwitchboardServer
import SwitchboardStore
import TestSupport
import Testing

/// `POST /v1/messages` decides and reserves in one step through the ledger, over real HTTP on loopback and a
/// real SQLite file: money is never overdrawn, and the gateway's own sends count.
@Suite("Ledger accept path: holds, concurrent sends at the boundary, the gateway's own replies")
struct LedgerAcceptHTTPTests {
    typealias Fx = LedgerAcceptFixture

    @Test("a balance exactly covering one marketing template: the first is accepted with its hold, the next refused; free ones still go")
    func balanceCoversExactlyOne() async throws {
        let gateway = try Fx.gateway(balance: Fx.marketingPrice)
        let transport = CurlTransport()
        let store = gateway.store
        try await gateway.application.test(.live) { client in
            let port = try #require(client.port)
            let first = try await Fx.post(transport, port: port, body: Fx.template(to: "16505550001"))
            #expect(first.status == 202, "\(first.json)")
            let id = try #require(first.json["id"]?.string)
            let hold = try #require(try await store.hold(messageID: id))
            #expect(hold.amount == Fx.marketingPrice)
            #expect(hold.state == .held)
            #expect(hold.wallet == "wa")
            let wallet = try #require(try await store.wallet("wa"))
            #expect(wallet.balance == Fx.marketingPrice)
            #expect(wallet.held == Fx.marketingPrice)
            #expect(wallet.available == .zero)

            let second = try await Fx.post(transport, port: port, body: Fx.template(to: "16505550002"))
            #expect(second.status == 422)
            #expect(second.json["code"]?.string == "balance_exhausted")
            #expect(second.json["rule"]?.string == "prepaid_balance")
            #expect(second.json["remedy"]?.string?.isEmpty == false)
            let check = try await Fx.post(transport, port: port, path: "/v1/messages/check", body: Fx.template(to: "16505550002"))
            #expect(check.status == 200)
            #expect(check.json["allowed"]?.bool == false)
            #expect(check.json["code"]?.string == "balance_exhausted")

            // A free message (service text inside the window) is accepted with nothing held.
            try await Fx.inboundWhatsApp(store, contact: "16505550003")
            let free = try await Fx.post(transport, port: port, body: Fx.text(to: "16505550003"))
            #expect(free.status == 202, "\(free.json)")
            #expect(try await store.wallet("wa")?.held == Fx.marketingPrice)
            let entries = try await store.ledgerEntries(wallet: "wa", limit: 10, before: nil)
            #expect(entries.map(\.kind) == [.hold, .open])
            #expect(entries.first?.messageID == id)
        }
    }

    @Test("50 concurrent sends with money for 10 (one process, SQLite): exactly 10 accepted, nothing overdrawn")
    func fiftyRaceForTen() async throws {
        let gateway = try Fx.gateway(balance: Fx.marketingPrice.multiplied(by: 10))
        let transport = CurlTransport()
        let store = gateway.store
        try await gateway.application.test(.live) { client in
            let port = try #require(client.port)
            let answers = try await Self.race(50, ports: [port], transport: transport)
            #expect(answers.filter { $0.status == 202 }.count == 10)
            #expect(answers.filter { $0.status == 422 }.count == 40)
            #expect(answers.filter { $0.status == 422 }.allSatisfy { $0.json["code"]?.string == "balance_exhausted" })
            let wallet = try #require(try await store.wallet("wa"))
            #expect(wallet.held == wallet.balance)
            #expect(wallet.available == .zero)
            let entries = try await store.ledgerEntries(wallet: "wa", limit: 100, before: nil)
            #expect(entries.filter { $0.kind == .hold }.count == 10)
            #expect(entries.allSatisfy { !$0.balanceAfter.subtracting($0.heldAfter)!.isNegative })
        }
    }

    /// `count` template sends to distinct contacts at once, spread over `ports`.
    static func race(_ count: Int, ports: [Int], transport: CurlTransport) async throws -> [Fx.Answer] {
        try await withThrowingTaskGroup(of: Fx.Answer.self) { group in
            for index in 0..<count {
                group.addTask {
                    try await Fx.post(transport, port: ports[index % ports.count], body: Fx.template(to: "1650555\(1000 + index)"))
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test("a second private reply to the same comment is refused: the first, sent by the gateway, was recorded at accept")
    func secondPrivateReplyRefused() async throws {
        let gateway = try Fx.gateway(balance: nil)
        let transport = CurlTransport()
        try await Fx.inboundComment(gateway.store, contact: "ig-user-1", comment: "comment-77")
        try await gateway.application.test(.live) { client in
            let port = try #require(client.port)
            let first = try await Fx.post(transport, port: port, body: Fx.privateReply(to: "ig-user-1", comment: "comment-77"))
            #expect(first.status == 202, "\(first.json)")
            let second = try await Fx.post(transport, port: port, body: Fx.privateReply(to: "ig-user-1", comment: "comment-77"))
            #expect(second.status == 422)
            #expect(second.json["code"]?.string == "private_reply_used")
        }
    }

    @Test("the gateway's own reply within 24 h of an ad referral opens the free entry point: later templates are free in it")
    func ownReplyOpensTheEntryPoint() async throws {
        let gateway = try Fx.gateway(balance: Fx.marketingPrice)
        let transport = CurlTransport()
        let contact = "16505559001"
        try await Fx.inboundWhatsApp(gateway.store, contact: contact, referral: true)
        let store = gateway.store
        try await gateway.application.test(.live) { client in
            let port = try #require(client.port)
            let before = try await Fx.post(transport, port: port, path: "/v1/messages/check", body: Fx.template(to: contact))
            #expect(before.json["cost"]?["reason"]?.string?.contains("this reply opens") == true, "\(before.json)")

            let reply = try await Fx.post(transport, port: port, body: Fx.text(to: contact, "thanks for your interest"))
            #expect(reply.status == 202, "\(reply.json)")
            let state = try #require(try await store.conversation("whatsapp:\(Fx.whatsappAccount):\(contact)"))
            #expect(state.entryPointOpenedAt != nil)

            let after = try await Fx.post(transport, port: port, path: "/v1/messages/check", body: Fx.template(to: contact))
            #expect(after.json["cost"]?["category"]?.string == "free_entry_point")
            #expect(after.json["cost"]?["reason"]?.string?.contains("the conversation is in") == true, "\(after.json)")
            // Free: the whole balance is still available for paid messages, and nothing was held for the reply.
            let template = try await Fx.post(transport, port: port, body: Fx.template(to: contact))
            #expect(template.status == 202)
            #expect(try await store.wallet("wa")?.held == .zero)
        }
    }

    @Test("the 50 MB monthly attachment quota counts the gateway's own sends: 20 MB + 20 MB accepted, the third 20 MB refused")
    func quotaReachedByOwnSends() async throws {
        let gateway = try Fx.gateway(balance: nil)
        let transport = CurlTransport()
        let contact = "16505558001"
        try await Fx.inboundWhatsApp(gateway.store, contact: contact)
        let store = gateway.store
        try await gateway.application.test(.live) { client in
            let port = try #require(client.port)
            let twentyMB: Int64 = 20 * 1_048_576
            for _ in 0..<2 {
                let accepted = try await Fx.post(transport, port: port, body: Fx.document(to: contact, bytes: twentyMB))
                #expect(accepted.status == 202, "\(accepted.json)")
            }
            let refused = try await Fx.post(transport, port: port, body: Fx.document(to: contact, bytes: twentyMB))
            #expect(refused.status == 422)
            #expect(refused.json["code"]?.string == "attachment_quota_exceeded")
            let state = try #require(try await store.conversation("whatsapp:\(Fx.whatsappAccount):\(contact)"))
            #expect(state.attachmentBytesByMonth.values.reduce(0, +) == 2 * twentyMB)
        }
    }
}
