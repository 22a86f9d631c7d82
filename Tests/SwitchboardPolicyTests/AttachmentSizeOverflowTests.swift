import SwitchboardCore
import SwitchboardPolicy
import Testing

/// Issue 19: attachment sizes come from send API callers and from provider echoes (`file_size`), so they
/// can be as large as Int64 holds. Before, summing two of them, or printing one above 9.2e17 bytes in a
/// refusal, trapped the gateway; now the sums saturate and the sentence is exact.
@Suite("Attachment sizes near Int64.max")
struct AttachmentSizeOverflowTests {
    func image(size: Int64?) -> Attachment {
        Attachment(kind: .image, mimeType: "image/jpeg", url: "https://cdn.example.com/p", size: size)
    }

    @Test func aHugeImageIsRefusedWithItsSizeInTheSentence() throws {
        let decision = Fx.decide(Fx.media(.whatsapp, [image(size: .max)]), Fx.conversation(.whatsapp), now: Fx.at(hours: 1))
        let refusal = try #require(decision.refusal)
        #expect(refusal.code == "attachment_too_large")
        #expect(refusal.message == "attachment 1 (image) is 9223372036.9 GB; whatsapp images are limited to 5 MB")
    }

    @Test func theQuotaSumsSaturate() throws {
        var state = Fx.conversation(.telegram, contact: "42")
        state.attachmentBytesByMonth = ["2026-11": .max]
        var configuration = PolicyConfiguration()
        configuration.attachmentLimits = [:]
        let decision = PolicyEngine(configuration: configuration).decide(
            message: Fx.media(.telegram, [image(size: .max), image(size: .max)]).addressed(to: "42"), conversation: state,
            account: Fx.accountState(), now: Fx.at(hours: 1))
        #expect(decision.refusal?.code == "attachment_quota_exceeded")
        #expect(decision.refusal?.message.contains("received 9223372036.9 GB of attachments in 2026-11") == true)
    }

    @Test func policyLengthsAndQuotasOutOfRangeAreConfigurationErrors() {
        #expect(throws: SwitchboardError.self) { try PolicyConfiguration(json: ["service_window_hours": .number("1e300")]) }
        #expect(throws: SwitchboardError.self) { try PolicyConfiguration(json: ["human_agent_days": .number("36501")]) }
        #expect(throws: SwitchboardError.self) { try PolicyConfiguration(json: ["attachment_quota_mb": .number("9223372036854775807")]) }
        #expect(
            (try? PolicyConfiguration(json: ["attachment_quota_mb": 9_223_372_036_854]))?.monthlyAttachmentQuotaBytes
                == 9_223_372_036_854_000_000)
    }
}

extension OutboundMessage {
    fileprivate func addressed(to contact: String) -> OutboundMessage {
        var copy = self
        copy.to = contact
        return copy
    }
}
