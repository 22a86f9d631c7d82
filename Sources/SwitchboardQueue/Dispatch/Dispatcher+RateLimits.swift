/// The dispatcher's side of the rate limits: which cells a message takes from, and the store
/// (``RateLimitStore``) asked before each send and told each provider pause.
extension Dispatcher {
    /// The cells a message takes from: its connection's and its recipient's, each widened by
    /// ``DispatcherSettings/rateLimitMargin`` when the limits are shared by several processes. None for a
    /// connection that is not configured (its send fails without reaching a provider).
    func rateCells(_ record: OutboundRecord) -> [RateCell] {
        guard let limits = limits[record.connection] else { return [] }
        return widened(limits.cells(connection: record.connection, recipient: record.recipient, group: isGroup(record)))
    }

    /// Asks the store whether `record` may go now. A store that cannot answer (the database is unreachable)
    /// holds the message back for one poll interval: never sent past a limit nobody could check.
    func acquire(_ record: OutboundRecord, now: WallClock.Instant) async -> RateDecision<WallClock.Instant> {
        let cells = rateCells(record)
        guard !cells.isEmpty else { return .proceed }
        do {
            return try await rateLimits.acquire(cells, now: now)
        } catch {
            logger.error(
                "could not ask the rate limits; the message waits a poll interval",
                metadata: ["switchboard.message": "\(record.id)", "switchboard.error": "\(error)"])
            return .wait(until: now.advanced(by: settings.pollInterval))
        }
    }

    /// A provider said to wait until `until`: the whole connection, or only the message's recipient.
    func pause(_ record: OutboundRecord, perRecipient: Bool, until: WallClock.Instant, now: WallClock.Instant) async {
        guard let limits = limits[record.connection] else { return }
        let cell =
            perRecipient
            ? limits.pauseCell(connection: record.connection, recipient: record.recipient, group: isGroup(record))
            : RateCell.connection(record.connection, limit: limits.connection)
        do {
            try await rateLimits.pause(widened([cell])[0], until: until, now: now)
        } catch {
            // The message itself is already held until then (its retry); only other messages may go earlier.
            logger.warning(
                "could not record the provider's pause in the rate limits",
                metadata: ["switchboard.connection": "\(record.connection)", "switchboard.error": "\(error)"])
        }
    }

    /// Right before the request leaves: waits for the slot the limiter granted. A slot the attempt reaches too late
    /// (the policy's recheck, the encoding or the attempt's record took that long: half the margin for a shared
    /// limiter, ``localSlotTolerance`` for the in-process one) is given up and a fresh one taken, so every request
    /// leaves at most that late after its slot: the spacing the limiter granted is the spacing at the provider, less
    /// that tolerance, whatever the record's write cost.
    func waitForSlot(_ record: OutboundRecord, slot: WallClock.Instant?) async {
        guard let slot else { return }
        let staleAfter = rateLimits.isShared ? max(settings.rateLimitMargin / 2, Self.localSlotTolerance) : Self.localSlotTolerance
        var decision = RateDecision<WallClock.Instant>.scheduled(at: slot)
        while !Task.isCancelled {
            switch decision {
            case .proceed: return
            case .scheduled(let at):
                if clock.now < at { try? await clock.sleep(until: at) }
                if at.duration(to: clock.now) <= staleAfter { return }
                logger.debug(
                    "a rate-limit slot went stale before the send; taking another", metadata: ["switchboard.message": "\(record.id)"])
            case .wait(let until):
                try? await clock.sleep(until: until)
            }
            let now = clock.now
            decision = await acquire(record, now: now)
            if decision == .proceed { decision = .scheduled(at: now) }
        }
    }

    /// How late after its slot an in-process grant may still leave (and the least a shared one may).
    static let localSlotTolerance: Duration = .milliseconds(5)

    private func widened(_ cells: [RateCell]) -> [RateCell] {
        guard rateLimits.isShared else { return cells }
        return cells.map { $0.widened(by: settings.rateLimitMargin) }
    }
}
