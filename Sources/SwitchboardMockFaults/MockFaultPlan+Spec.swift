import SwitchboardCore

extension MockFaultPlan {
    /// Parses the command-line form, `key=value` items separated by commas or spaces:
    ///
    /// ```
    /// seed=42,5xx=0.3,5xx-status=503,429=0.1,retry-after=7,timeout=0.05,hold=30s,delay=200ms,slow=0.5,
    /// error=131047@0.1,error=131026@+15550000013,error=telegram:403@0.2,retry-after-text=1e20
    /// ```
    ///
    /// Durations take `ms` or `s` (a bare number is milliseconds), at most ``maximumDuration``.
    /// `retry-after-text` is answered verbatim instead of `retry-after` (``MockRetryAfter``); a text with
    /// commas or spaces (an HTTP date) needs the JSON form. An `error` item is
    /// `[provider:]code` followed by `@rate` (a number in 0...1) and/or `@recipient`.
    /// Throws `invalid_fault_spec` naming the item it could not read.
    public init(spec: String) throws(SwitchboardError) {
        self.init()
        let items = spec.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" }).map(String.init)
        for item in items where !item.isEmpty {
            guard let equals = item.firstIndex(of: "=") else { throw Self.specError(item, "expected key=value") }
            let key = item[..<equals].lowercased()
            let value = String(item[item.index(after: equals)...])
            switch key {
            case "seed": seed = try Self.unsigned(value, item)
            case "5xx", "server-error", "server_error_rate": serverErrorRate = try Self.rate(value, item)
            case "5xx-status", "server_error_status": serverErrorStatus = try Self.status(value, item)
            case "429", "rate-limit", "rate_limit_rate": rateLimitRate = try Self.rate(value, item)
            case "retry-after", "retry_after": retryAfterSeconds = try Self.retryAfter(value, item)
            case "retry-after-text", "retry_after_text":
                if let problem = MockRetryAfter.problem(text: value) { throw Self.specError(item, problem) }
                retryAfterText = value
            case "timeout", "timeout_rate": timeoutRate = try Self.rate(value, item)
            case "hold", "timeout-hold": timeoutHold = try Self.duration(value, item)
            case "delay", "slow-delay": delay = try Self.duration(value, item)
            case "slow", "slow_rate": slowRate = try Self.rate(value, item)
            case "error": rules.append(try Self.errorRule(value, item))
            default: throw Self.specError(item, "unknown key \(key)")
            }
        }
    }

    static func errorRule(_ value: String, _ item: String) throws(SwitchboardError) -> MockErrorRule {
        let parts = value.split(separator: "@", omittingEmptySubsequences: false).map(String.init)
        var codePart = parts[0]
        var families: [MockProviderFamily]?
        if let colon = codePart.firstIndex(of: ":") {
            let name = String(codePart[..<colon])
            guard let named = MockProviderFamily.families(named: name) else { throw specError(item, "unknown provider \(name)") }
            families = named
            codePart = String(codePart[codePart.index(after: colon)...])
        }
        guard !codePart.isEmpty else { throw specError(item, "missing error code") }
        var rate: Double?
        var recipient: String?
        for part in parts.dropFirst() {
            if !part.hasPrefix("+"), part.contains(".") || part == "0" || part == "1", let number = Double(part), (0...1).contains(number) {
                rate = number
            } else if !part.isEmpty {
                recipient = part
            } else {
                throw specError(item, "empty @ part")
            }
        }
        guard rate != nil || recipient != nil else { throw specError(item, "give a rate (@0.1) or a recipient (@+15550000013)") }
        return MockErrorRule(code: codePart, families: families, recipient: recipient, rate: rate)
    }

    static func rate(_ value: String, _ item: String) throws(SwitchboardError) -> Double {
        guard let number = Double(value), (0...1).contains(number) else { throw specError(item, "rate must be a number in 0...1") }
        return number
    }

    static func unsigned(_ value: String, _ item: String) throws(SwitchboardError) -> UInt64 {
        guard let number = UInt64(value) else { throw specError(item, "expected a non-negative integer") }
        return number
    }

    static func retryAfter(_ value: String, _ item: String) throws(SwitchboardError) -> Int {
        guard let number = Int(value), (0...MockRetryAfter.maximumSeconds).contains(number) else {
            throw specError(
                item, "retry-after must be whole seconds in 0...\(MockRetryAfter.maximumSeconds) (retry-after-text takes any text)")
        }
        return number
    }

    static func status(_ value: String, _ item: String) throws(SwitchboardError) -> Int {
        guard let number = Int(value), (500...599).contains(number) else { throw specError(item, "status must be in 500...599") }
        return number
    }

    /// The longest delay or hold a plan accepts: one year.
    public static let maximumDuration = Duration.seconds(365 * 86_400)

    /// `250ms`, `2s`, `1.5s`, or a bare number of milliseconds; at most ``maximumDuration``.
    static func duration(_ value: String, _ item: String) throws(SwitchboardError) -> Duration {
        let (digits, scale): (Substring, Double) =
            value.hasSuffix("ms") ? (value.dropLast(2), 1) : value.hasSuffix("s") ? (value.dropLast(1), 1000) : (Substring(value), 1)
        guard let number = Double(digits), let duration = milliseconds(number * scale) else {
            throw specError(item, "expected a duration like 250ms or 2s, at most 365 days")
        }
        return duration
    }

    /// `milliseconds` as a duration when it is a number in 0 ... ``maximumDuration`` (NaN and infinities are not).
    static func milliseconds(_ milliseconds: Double) -> Duration? {
        guard milliseconds >= 0, milliseconds <= 365 * 86_400_000 else { return nil }
        return .milliseconds(Int64(milliseconds.rounded()))
    }

    static func specError(_ item: String, _ reason: String) -> SwitchboardError {
        SwitchboardError(code: .invalidFaultSpec, message: "fault spec item '\(item)': \(reason)")
    }
}
