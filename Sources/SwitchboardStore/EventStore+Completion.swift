import SwitchboardCore

extension EventStore {
    /// Runs ``append(_:receivedAt:)`` in a task and reports its result to `completion`.
    public func append(
        _ records: [EventRecord], receivedAt: Timestamp,
        completion: @escaping @Sendable (Result<AppendResult, StoreError>) -> Void
    ) {
        Task {
            do throws(StoreError) {
                completion(.success(try await append(records, receivedAt: receivedAt)))
            } catch {
                completion(.failure(error))
            }
        }
    }

    /// Runs ``quarantine(_:)`` in a task and reports its result to `completion` (a rare path: no store has a
    /// faster one).
    public func quarantine(_ request: QuarantinedRequest, completion: @escaping @Sendable (Result<Void, StoreError>) -> Void) {
        Task {
            do throws(StoreError) {
                try await quarantine(request)
                completion(.success(()))
            } catch {
                completion(.failure(error))
            }
        }
    }
}
