import Foundation
import Logging
import SwitchboardCore
import SwitchboardServer
import SwitchboardStore
import TestSupport
import Testing

/// The `retention:` section and the service that prunes on its schedule.
@Suite("Retention: configuration and the pruning service")
struct RetentionTests {
    func loader() -> ConfigurationLoader { ConfigurationLoader.reading(environment: [:], files: [:], knownProviders: [.meta]) }

    func problems(_ yaml: String) -> [String] { loader().problems(in: yaml) }

    @Test("defaults: acknowledged deliveries 7 days, events, quarantine and outbound messages forever, hourly")
    func defaults() throws {
        let retention = try loader().load(yaml: "listen: 127.0.0.1:8080\n").retention
        #expect(retention.eventDays == nil && retention.deliveryDays == 7 && retention.quarantineDays == nil)
        #expect(retention.outboundDays == nil)
        #expect(retention.intervalMinutes == 60 && retention.batchSize == 200)
        let now = Timestamp(seconds: 30 * 86_400)
        let cutoffs = retention.cutoffs(now: now)
        #expect(cutoffs.events == nil && cutoffs.quarantine == nil && cutoffs.outbound == nil)
        #expect(cutoffs.deliveries.map { $0.milliseconds } == Int64(23 * 86_400_000))
    }

    @Test("retention: days per kind, forever, interval and batch size; too short for events or malformed is a problem")
    func settings() throws {
        let retention = try loader().load(
            yaml: """
                retention:
                  events_days: 90
                  deliveries_days: forever
                  quarantine_days: 30
                  outbound_days: 45
                  interval_minutes: 15
                  batch_size: 1000
                """
        ).retention
        #expect(retention.eventDays == 90 && retention.deliveryDays == nil && retention.quarantineDays == 30)
        #expect(
            retention.outboundDays == 45 && retention.cutoffs(now: Timestamp(seconds: 50 * 86_400)).outbound?.milliseconds == 5 * 86_400_000
        )
        #expect(retention.intervalMinutes == 15 && retention.batchSize == 1000)

        let short = problems("retention:\n  events_days: 3\n")
        #expect(short.count == 1)
        #expect(short.first?.contains("retention.events_days") == true && short.first?.contains("between 8 and") == true)
        // A day of Idempotency-Key replays and the messaging tier's 24 hours need the queue's rows.
        #expect(problems("retention:\n  outbound_days: 1\n").first?.contains("between 2 and") == true)
        #expect(problems("retention:\n  quarantine_days: soon\n").first?.contains("expected a whole number") == true)
        #expect(problems("retention:\n  event_days: 30\n").first?.contains("unknown key") == true)
    }

    @Test("the service prunes the gateway's store at its clock's time, and counts the rows in /metrics")
    func service() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var logger = Logger(label: "test.retention")
        logger.logLevel = .error
        let store = try SQLiteEventStore(path: directory.appendingPathComponent("retention.db").path)
        let day: Int64 = 86_400
        let old = SampleEvents.inboundMessage("old", seconds: 1 * day)
        let fresh = SampleEvents.inboundMessage("fresh", seconds: 20 * day)
        for event in [old, fresh] {
            _ = try await store.append([EventRecord(event: event, connection: "wa")], receivedAt: event.timestamp!)
        }
        var settings = RetentionSettings()
        settings.eventDays = 10
        let metrics = GatewayMetrics()
        let service = RetentionService(
            store: store, settings: settings, metrics: metrics, logger: logger, now: { Timestamp(seconds: 21 * day) })
        #expect(try await service.pruneOnce() == PruneCounts(events: 1))
        #expect(try await store.event(id: old.id) == nil)
        #expect(try await store.event(id: fresh.id) != nil)
        let exposition = String(decoding: metrics.exposition(), as: UTF8.self)
        #expect(exposition.contains(#"switchboard_pruned_rows_total{kind="events"} 1"#))
        await store.close()
    }
}
