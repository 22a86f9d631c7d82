import AdapterKit
import Foundation
import SwitchboardCore
import SwitchboardCurl
import SwitchboardTransport
import TestSupport

/// The load of a chaos run as a provider and an agent produce it: signed WhatsApp webhooks, each retried on
/// another node until one answers 200 (as providers redeliver), and agent sends, each retried with its
/// `Idempotency-Key` until one node answers 202 or 200.
struct ChaosLoad: Sendable {
    let transport: CurlTransport
    let cluster: GatewayCluster
    let deadline: ContinuousClock.Instant
    let progress: Locked<ChaosProgress>

    static let options = TransportOptions(timeout: .seconds(10), connectTimeout: .seconds(1))

    /// The webhook body of message `sequence` (from 1) of conversation `conversation`: text `c<conv>-<seq>`.
    static func webhook(conversation: Int, sequence: Int) -> (id: String, body: [UInt8]) {
        let id = "wamid.CHAOS\(conversation)x\(sequence)"
        let body = """
            {"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"\(ChaosConfiguration.account)"},"contacts":[{"profile":{"name":"Chaos"},"wa_id":"\(contact(conversation))"}],"messages":[{"from":"\(contact(conversation))","id":"\(id)","timestamp":"\(Int(Date().timeIntervalSince1970))","type":"text","text":{"body":"c\(conversation)-\(sequence)"}}]}}]}]}
            """
        return (id, Array(body.utf8))
    }

    static func contact(_ conversation: Int) -> String { "1650555\(1000 + conversation)" }

    /// The tag send `index` carries to the mock (its template's one body parameter).
    static func tag(_ index: Int) -> String { "chaos-send-\(index)" }

    /// The contact send `index` goes to.
    static func recipient(index: Int, conversations: Int) -> String { "1650566\(1000 + index % max(1, conversations))" }

    static func send(index: Int, conversations: Int) -> [UInt8] {
        let contact = recipient(index: index, conversations: conversations)
        return Array(
            #"{"conversation":"whatsapp:\#(ChaosConfiguration.account):\#(contact)","content":{"type":"template","template":{"name":"promo","language":"en_US","components":[{"type":"body","parameters":[{"type":"text","text":"\#(tag(index))"}]}]}}}"#
                .utf8)
    }

    /// Posts every webhook of `conversation` in order, each to the next node until one answers 200.
    func postConversation(_ conversation: Int, count: Int, firstNode: Int) async throws {
        let connection = ConnectionConfig(provider: .meta, secrets: ["app_secret": Secret(ChaosConfiguration.appSecret)])
        var node = firstNode
        for sequence in 1...count {
            let (_, body) = Self.webhook(conversation: conversation, sequence: sequence)
            while true {
                guard ContinuousClock.now < deadline else { throw LoopbackError("webhook c\(conversation)-\(sequence) never acknowledged") }
                let target = cluster.nodes[node % cluster.nodes.count]
                node += 1
                let url = "\(target.baseURL)/webhooks/meta/wa"
                let request = ProviderRequest(
                    url: url, headers: WebhookSigner.headers(for: body, connection: connection, url: url), body: body)
                let status = (try? await transport.send(request, options: Self.options))?.status
                if status == 200 {
                    progress.withLock { $0.webhooksAcknowledged += 1 }
                    break
                }
                progress.withLock { $0.webhookRetries += 1 }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    /// The provider's `delivered` status for a sent message, with the pricing that settles its hold (a regular
    /// marketing conversation).
    static func deliveredStatus(providerID: String, contact: String) -> [UInt8] {
        Array(
            """
            {"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"\(ChaosConfiguration.account)"},"statuses":[{"id":"\(providerID)","status":"delivered","timestamp":"\(Int(Date().timeIntervalSince1970))","recipient_id":"\(contact)","pricing":{"billable":true,"pricing_model":"PMP","category":"marketing","type":"regular"}}]}}]}]}
            """.utf8)
    }

    /// Posts one webhook body to the nodes from `firstNode` on until one answers 200.
    func postWebhook(_ body: [UInt8], firstNode: Int) async throws {
        let connection = ConnectionConfig(provider: .meta, secrets: ["app_secret": Secret(ChaosConfiguration.appSecret)])
        var node = firstNode
        while true {
            guard ContinuousClock.now < deadline else { throw LoopbackError("a status webhook was never acknowledged") }
            let target = cluster.nodes[node % cluster.nodes.count]
            node += 1
            let url = "\(target.baseURL)/webhooks/meta/wa"
            let request = ProviderRequest(url: url, headers: WebhookSigner.headers(for: body, connection: connection, url: url), body: body)
            if (try? await transport.send(request, options: Self.options))?.status == 200 { return }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Posts send `index` until a node accepts it (202, or 200 for a replay of its `Idempotency-Key`); returns the
    /// message id, or records the refusal.
    func postSend(_ index: Int, conversations: Int) async throws {
        var node = index
        let body = Self.send(index: index, conversations: conversations)
        while true {
            guard ContinuousClock.now < deadline else { throw LoopbackError("send \(index) never accepted") }
            let target = cluster.nodes[node % cluster.nodes.count]
            node += 1
            let request = ProviderRequest(
                url: "\(target.baseURL)/v1/messages",
                headers: [
                    HTTPField(name: "Authorization", value: "Bearer \(ChaosConfiguration.apiKey)"),
                    HTTPField(name: "Content-Type", value: "application/json"),
                    HTTPField(name: "Idempotency-Key", value: Self.tag(index)),
                ],
                body: body)
            guard let response = try? await transport.send(request, options: Self.options) else {
                progress.withLock { $0.sendRetries += 1 }
                try await Task.sleep(for: .milliseconds(20))
                continue
            }
            let json = (try? JSONParser.parse(response.body)) ?? .null
            if response.status == 202 || response.status == 200, let id = json["id"]?.string {
                progress.withLock { $0.accepted[index] = id }
                return
            }
            if response.status >= 500 || response.status == 429 {
                progress.withLock { $0.sendRetries += 1 }
                try await Task.sleep(for: .milliseconds(20))
                continue
            }
            progress.withLock { $0.refused[index] = "\(response.status) \(String(decoding: response.body.prefix(300), as: UTF8.self))" }
            return
        }
    }

    /// `GET path` on the first node that answers, with the API key; `nil` when none does.
    func get(_ path: String) async -> (status: Int, json: JSONValue)? {
        for node in cluster.nodes where node.isRunning {
            let request = ProviderRequest(
                method: "GET", url: "\(node.baseURL)\(path)",
                headers: [HTTPField(name: "Authorization", value: "Bearer \(ChaosConfiguration.apiKey)")], body: [])
            if let response = try? await transport.send(request, options: Self.options) {
                return (response.status, (try? JSONParser.parse(response.body)) ?? .null)
            }
        }
        return nil
    }
}

/// What the load generator saw so far.
struct ChaosProgress: Sendable {
    var webhooksAcknowledged = 0
    var webhookRetries = 0
    var sendRetries = 0
    /// Send index → the message id the gateway answered.
    var accepted: [Int: String] = [:]
    /// Send index → the answer of a send refused for good.
    var refused: [Int: String] = [:]
}
