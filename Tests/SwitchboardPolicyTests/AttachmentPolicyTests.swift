import SwitchboardCore
import SwitchboardPolicy
import Testing

@Suite("Attachment types, sizes and the monthly quota")
struct AttachmentPolicyTests {
    private func image(_ mime: String?, size: Int64?, url: String = "https://cdn.example.com/photo") -> Attachment {
        Attachment(kind: .image, mimeType: mime, url: url, size: size)
    }

    @Test(
        "WhatsApp images: JPEG/PNG up to 5 MB",
        arguments: [
            ("image/jpeg", 5_000_000, nil), ("image/png", 1000, nil), ("image/jpeg", 5_000_001, "attachment_too_large"),
            ("image/gif", 1000, "attachment_type"), ("image/webp", 1000, "attachment_type"),
        ] as [(String, Int64, String?)])
    func whatsappImages(mime: String, size: Int64, code: String?) {
        let decision = Fx.decide(Fx.media(.whatsapp, [image(mime, size: size)]), Fx.conversation(.whatsapp), now: Fx.at(hours: 1))
        #expect(decision.refusal?.code == code)
    }

    @Test("the MIME type is guessed from the file extension when not stated")
    func guessedType() {
        let gif = Fx.decide(
            Fx.media(.whatsapp, [image(nil, size: 10, url: "https://cdn.example.com/a.GIF?x=1")]), Fx.conversation(.whatsapp),
            now: Fx.at(hours: 1))
        #expect(gif.refusal?.message == "attachment 1 (image) is image/gif; whatsapp images must be image/jpeg or image/png")
    }

    @Test("an oversized image is refused with both sizes in the sentence")
    func sizeSentence() {
        let decision = Fx.decide(
            Fx.media(.whatsapp, [image("image/jpeg", size: 6_200_000)]), Fx.conversation(.whatsapp), now: Fx.at(hours: 1))
        #expect(decision.refusal?.message == "attachment 1 (image) is 6.2 MB; whatsapp images are limited to 5 MB")
    }

    @Test("MMS: at most 10 media and 5 MB in total")
    func mmsLimits() {
        let eleven = Array(repeating: image("image/jpeg", size: 1000), count: 11)
        #expect(Fx.decide(Fx.media(.sms, eleven), Fx.conversation(.sms), now: Fx.t0).refusal?.code == "attachment_count")
        let heavy = Array(repeating: image("image/jpeg", size: 2_000_000), count: 3)
        #expect(Fx.decide(Fx.media(.sms, heavy), Fx.conversation(.sms), now: Fx.t0).refusal?.code == "attachment_too_large")
    }

    @Test("Telegram file_ids skip the size limits that apply to URLs")
    func telegramFileID() {
        let state = Fx.conversation(.telegram, contact: "42")
        let byID = Attachment(kind: .document, mimeType: "video/x-matroska", providerMediaID: "BQACAgIAAx", size: 30_000_000)
        #expect(Fx.decide(Fx.media(.telegram, [byID]), state, now: Fx.t0).isAllowed)
        let byURL = Attachment(kind: .document, mimeType: "application/pdf", url: "https://x/y.pdf", size: 21_000_000)
        #expect(Fx.decide(Fx.media(.telegram, [byURL]), state, now: Fx.t0).refusal?.code == "attachment_too_large")
    }

    private func quotaState(used: Int64, month: String = "2026-11") -> ConversationState {
        var state = Fx.conversation(.whatsapp)
        state.attachmentBytesByMonth = [month: used]
        return state
    }

    @Test("quota reached exactly by this message is allowed; at the quota, one more byte is refused")
    func quotaBoundary() throws {
        let reaching = Fx.decide(
            Fx.media(.whatsapp, [image("image/jpeg", size: 100)]), quotaState(used: 49_999_900), now: Fx.at(hours: 1))
        #expect(reaching.isAllowed)
        let over = Fx.decide(Fx.media(.whatsapp, [image("image/jpeg", size: 1)]), quotaState(used: 50_000_000), now: Fx.at(hours: 1))
        let refusal = try #require(over.refusal)
        #expect(refusal.code == "attachment_quota_exceeded" && refusal.rule == "attachment_quota")
        #expect(refusal.message.contains("received 50 MB of attachments in 2026-11 and the monthly quota is 50 MB"))
        let unknownSize = Fx.decide(
            Fx.media(.whatsapp, [image("image/jpeg", size: nil)]), quotaState(used: 50_000_000), now: Fx.at(hours: 1))
        #expect(unknownSize.refusal?.code == "attachment_quota_exceeded")
    }

    @Test("last month's bytes do not count, and the quota is configurable")
    func quotaMonthAndConfiguration() {
        let message = Fx.media(.whatsapp, [image("image/jpeg", size: 1000)])
        #expect(Fx.decide(message, quotaState(used: 50_000_000, month: "2026-10"), now: Fx.at(hours: 1)).isAllowed)
        var configuration = PolicyConfiguration()
        configuration.monthlyAttachmentQuotaBytes = 1500
        let decision = PolicyEngine(configuration: configuration).decide(
            message: message, conversation: quotaState(used: 600), account: Fx.accountState(), now: Fx.at(hours: 1))
        #expect(decision.refusal?.code == "attachment_quota_exceeded")
    }
}
