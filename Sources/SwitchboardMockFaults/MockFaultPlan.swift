import SwitchboardCore

/// What the mock provider does wrong, and how often. The empty plan answers every request with success.
///
/// Rates are probabilities in `0...1`, drawn per request from a generator seeded with ``seed`` and the
/// request's position since the plan was set, so the same plan and the same request order give the
/// same answers. Faults are checked in this order, and the first that fires decides the answer:
/// timeout, 5xx, 429, then the provider error ``rules`` in order. ``delay`` then applies to whatever
/// answer was chosen (success or error), for requests drawn by ``slowRate``.
public struct MockFaultPlan: Sendable, Hashable {
    /// Seed of the deterministic generator.
    public var seed: UInt64
    /// Share of requests answered with ``serverErrorStatus`` in the provider's 5xx shape.
    public var serverErrorRate: Double
    /// The 5xx status used for ``serverErrorRate`` (500, 502, 503, ...).
    public var serverErrorStatus: Int
    /// Share of requests answered with 429 in the provider's rate-limit shape, with `Retry-After`.
    public var rateLimitRate: Double
    /// Seconds announced in `Retry-After` (and Telegram's `parameters.retry_after`), 0 to
    /// ``MockRetryAfter/maximumSeconds``.
    public var retryAfterSeconds: Int
    /// A literal text answered instead of ``retryAfterSeconds`` (see ``MockRetryAfter``), to probe how a client
    /// reads absurd values: `1e20`, `-5`, `nan`, `Fri, 31 Dec 9999 23:59:59 GMT`.
    public var retryAfterText: String?
    /// Share of requests held for ``timeoutHold`` before any answer: longer than the client's timeout.
    public var timeoutRate: Double
    /// How long a timed-out request is held (then answered 504, if the client is still there).
    public var timeoutHold: Duration
    /// Fixed extra latency before the answer, for requests drawn by ``slowRate``.
    public var delay: Duration
    /// Share of requests that get ``delay`` (1 = all).
    public var slowRate: Double
    /// Provider error codes, by rate or by recipient.
    public var rules: [MockErrorRule]

    /// A plan; every argument defaults to "no fault".
    public init(
        seed: UInt64 = 1, serverErrorRate: Double = 0, serverErrorStatus: Int = 500, rateLimitRate: Double = 0,
        retryAfterSeconds: Int = 1, retryAfterText: String? = nil, timeoutRate: Double = 0, timeoutHold: Duration = .seconds(60),
        delay: Duration = .zero,
        slowRate: Double = 1, rules: [MockErrorRule] = []
    ) {
        self.seed = seed
        self.serverErrorRate = serverErrorRate
        self.serverErrorStatus = serverErrorStatus
        self.rateLimitRate = rateLimitRate
        self.retryAfterSeconds = retryAfterSeconds
        self.retryAfterText = retryAfterText
        self.timeoutRate = timeoutRate
        self.timeoutHold = timeoutHold
        self.delay = delay
        self.slowRate = slowRate
        self.rules = rules
    }

    /// No faults at all.
    public static let none = MockFaultPlan()

    /// `true` when the plan can change an answer or its timing.
    public var isEmpty: Bool {
        serverErrorRate <= 0 && rateLimitRate <= 0 && timeoutRate <= 0 && (delay <= .zero || slowRate <= 0) && rules.isEmpty
    }
}

/// "Answer with provider error `code`", for a share of requests or for every request to one recipient.
public struct MockErrorRule: Sendable, Hashable {
    /// The provider's error code as a string: `131047`, `403` (Telegram), `21610`, `1` (Vonage status), ...
    public var code: String
    /// Families the rule applies to; `nil` means every family whose catalog knows ``code`` (or every
    /// family when none does).
    public var families: [MockProviderFamily]?
    /// Only requests to this recipient (compared without `+`, spaces and dashes); `nil` for any.
    public var recipient: String?
    /// Share of matching requests that fail; defaults to 1 for a recipient rule.
    public var rate: Double

    public init(code: String, families: [MockProviderFamily]? = nil, recipient: String? = nil, rate: Double? = nil) {
        self.code = code
        self.families = families
        self.recipient = recipient.map(MockErrorRule.normalizedRecipient)
        self.rate = rate ?? (recipient == nil ? 0 : 1)
    }

    /// `+1 555-000 0013` → `15550000013`; other ids (PSIDs, BSUIDs, chat ids) keep their characters.
    package static func normalizedRecipient(_ text: String) -> String {
        String(text.filter { $0 != "+" && $0 != " " && $0 != "-" && $0 != "(" && $0 != ")" })
    }
}
