import SwitchboardServer
import Testing

@Suite("Delivery backoff")
struct DeliveryBackoffTests {
    @Test("doubles per failed attempt up to the cap")
    func doubling() {
        let backoff = DeliveryBackoff(initialMilliseconds: 1000, maxMilliseconds: 300_000)
        #expect(
            (1...11).map { backoff.delay(afterAttempts: $0) } == [
                1000, 2000, 4000, 8000, 16000, 32000, 64000, 128_000, 256_000, 300_000, 300_000,
            ])
        #expect(backoff.delay(afterAttempts: 10_000) == 300_000)
    }
}
