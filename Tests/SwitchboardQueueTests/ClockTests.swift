import SwitchboardCore
import SwitchboardQueue
import TestSupport
import Testing

@Suite("Clocks")
struct ClockTests {
    @Test("a manual clock wakes sleepers only when advanced past their deadline")
    func manualSleep() async throws {
        let clock = ManualClock()
        let deadline = clock.now.advanced(by: .seconds(5))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await clock.sleep(until: deadline) }
            while clock.sleeperCount == 0 { await Task.yield() }
            clock.advance(by: .seconds(4))
            #expect(clock.sleeperCount == 1)
            clock.advance(by: .seconds(1))
            try await group.waitForAll()
        }
        #expect(clock.sleeperCount == 0)
    }

    @Test("wall-clock instants round-trip through timestamps")
    func wallClock() {
        let stamp = Timestamp(year: 2026, month: 11, day: 10, hour: 10, millisecond: 250)!
        let instant = WallClock.Instant(stamp)
        #expect(instant.timestamp.milliseconds == stamp.milliseconds)
        #expect(instant.advanced(by: .seconds(90)).timestamp.rfc3339 == "2026-11-10T10:01:30.250Z")
    }
}
