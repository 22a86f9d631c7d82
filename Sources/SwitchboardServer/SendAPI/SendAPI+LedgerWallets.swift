import Foundation
import Logging
import ServiceLifecycle
import SwitchboardCore
import SwitchboardLedger
import SwitchboardStore

/// Opens the configured wallets when the gateway starts (``AccountLedger/openWallets(_:at:)``: a new wallet gets
/// its opening balance as its first entry; an existing one keeps its balance). The send API waits for it
/// (``ready()``), so no send is decided before its wallet exists. A store that cannot open them stops the
/// gateway: it would otherwise refuse every paid message.
final class WalletStartup: Service, Sendable {
    private enum State {
        case opening(waiters: [CheckedContinuation<StoreError?, Never>])
        case done(StoreError?)
    }

    private let state = Locked(State.opening(waiters: []))
    private let store: any AccountLedger
    private let openings: [WalletOpening]
    private let logger: Logger

    init(store: any AccountLedger, openings: [WalletOpening], logger: Logger) {
        self.store = store
        self.openings = openings
        self.logger = logger
    }

    func run() async throws {
        var failure: StoreError?
        do {
            try await store.openWallets(openings, at: Timestamp(Date()))
            if !openings.isEmpty {
                logger.info("wallets opened", metadata: ["switchboard.wallets": "\(openings.map(\.id).joined(separator: ","))"])
            }
        } catch {
            failure = error
            logger.error("cannot open the configured wallets", metadata: ["error.message": "\(error)"])
        }
        let waiters = state.withLock { state -> [CheckedContinuation<StoreError?, Never>] in
            guard case .opening(let waiters) = state else { return [] }
            state = .done(failure)
            return waiters
        }
        for waiter in waiters { waiter.resume(returning: failure) }
        if let failure { throw failure }
        try? await gracefulShutdown()
    }

    /// Returns once the wallets are open; throws what opening them failed with.
    func ready() async throws(StoreError) {
        let done = state.withLock { state -> StoreError?? in
            if case .done(let failure) = state { return .some(failure) }
            return nil
        }
        if let done {
            if let failure = done { throw failure }
            return
        }
        let failure = await withCheckedContinuation { continuation in
            let finished = state.withLock { state -> StoreError?? in
                switch state {
                case .opening(var waiters):
                    waiters.append(continuation)
                    state = .opening(waiters: waiters)
                    return nil
                case .done(let failure):
                    return .some(failure)
                }
            }
            if let finished { continuation.resume(returning: finished) }
        }
        if let failure { throw failure }
    }
}
