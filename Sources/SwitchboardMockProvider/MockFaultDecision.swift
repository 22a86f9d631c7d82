/// What the mock does with one request, decided from the fault plan before the request is answered.
public enum MockFault: Sendable, Hashable {
    /// Answer normally (success, or 401 when credentials are missing).
    case none
    /// Hold the request this long (longer than the client's timeout), then answer 504.
    case timeout(hold: Duration)
    /// Answer this 5xx status in the provider's server-error shape.
    case serverError(status: Int)
    /// Answer 429 with `Retry-After` in the provider's rate-limit shape.
    case rateLimited(MockRetryAfter)
    /// Answer the provider's error for this code (status and body from ``MockErrorCatalog``).
    case providerError(code: String)
}

/// The decision for one request: the fault and the extra latency before answering.
public struct MockFaultDecision: Sendable, Hashable {
    public var fault: MockFault
    public var delay: Duration
}

extension MockFaultPlan {
    /// Decides the fate of the `sequence`-th request since the plan was set. Pure and deterministic:
    /// the same plan, sequence, family and recipient always give the same decision.
    public func decide(sequence: UInt64, family: MockProviderFamily, recipient: String?) -> MockFaultDecision {
        let delayed = delay > .zero && draw(sequence, salt: 1) < slowRate
        var decision = MockFaultDecision(fault: .none, delay: delayed ? delay : .zero)
        if draw(sequence, salt: 2) < timeoutRate {
            decision.fault = .timeout(hold: timeoutHold)
        } else if draw(sequence, salt: 3) < serverErrorRate {
            decision.fault = .serverError(status: serverErrorStatus)
        } else if draw(sequence, salt: 4) < rateLimitRate {
            decision.fault = .rateLimited(MockRetryAfter(seconds: retryAfterSeconds, text: retryAfterText))
        } else {
            for (index, rule) in rules.enumerated() where rule.matches(family: family, recipient: recipient) {
                if rule.rate >= 1 || draw(sequence, salt: 16 &+ UInt64(index)) < rule.rate {
                    decision.fault = .providerError(code: rule.code)
                    break
                }
            }
        }
        return decision
    }

    /// A uniform number in `[0, 1)` from the seed, the request's position and a per-fault salt
    /// (SplitMix64's finalizer, so neighbouring sequences are uncorrelated).
    func draw(_ sequence: UInt64, salt: UInt64) -> Double {
        var z = seed &+ sequence &* 0x9E37_79B9_7F4A_7C15 &+ salt &* 0xD1B5_4A32_D192_ED03
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(UInt64(1) << 53)
    }
}
