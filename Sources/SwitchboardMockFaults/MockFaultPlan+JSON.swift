import SwitchboardCore

extension MockFaultPlan {
    /// Reads the JSON form taken by `POST /_mock/faults`:
    ///
    /// ```json
    /// {"seed": 42, "server_error_rate": 0.3, "server_error_status": 503, "rate_limit_rate": 0.1,
    ///  "retry_after": 7, "retry_after_text": "Fri, 31 Dec 9999 23:59:59 GMT", "timeout_rate": 0.05,
    ///  "timeout_hold_ms": 30000, "delay_ms": 200, "slow_rate": 1,
    ///  "errors": [{"code": "131026", "recipient": "+15550000013"},
    ///             {"provider": "telegram", "code": "403", "rate": 0.2}]}
    /// ```
    ///
    /// or `{"spec": "5xx=0.3,seed=42"}` in the command-line form. Absent keys mean "no fault".
    public init(json: JSONValue) throws(SwitchboardError) {
        guard let object = json.object else { throw Self.jsonError("the fault plan must be a JSON object") }
        if let spec = object["spec"]?.string {
            try self.init(spec: spec)
            return
        }
        self.init()
        if let value = object["seed"] {
            guard let number = value.identifier.flatMap({ UInt64($0) }) else {
                throw Self.jsonError("seed must be an integer in 0...2^64-1")
            }
            seed = number
        }
        serverErrorRate = try Self.rate(object["server_error_rate"], "server_error_rate")
        if let value = object["server_error_status"], let status = value.int {
            guard (500...599).contains(status) else { throw Self.jsonError("server_error_status must be in 500...599") }
            serverErrorStatus = status
        }
        rateLimitRate = try Self.rate(object["rate_limit_rate"], "rate_limit_rate")
        if let value = object["retry_after"] {
            guard let number = value.int, (0...MockRetryAfter.maximumSeconds).contains(number) else {
                throw Self.jsonError(
                    "retry_after must be whole seconds in 0...\(MockRetryAfter.maximumSeconds) (retry_after_text takes any text)")
            }
            retryAfterSeconds = number
        }
        if let value = object["retry_after_text"], !value.isNull {
            // A JSON number is taken as its literal text (`1e20`), like a string.
            guard let text = value.identifier else { throw Self.jsonError("retry_after_text must be a string") }
            if let problem = MockRetryAfter.problem(text: text) { throw Self.jsonError(problem) }
            retryAfterText = text
        }
        timeoutRate = try Self.rate(object["timeout_rate"], "timeout_rate")
        if let value = object["timeout_hold_ms"] { timeoutHold = try Self.duration(value, "timeout_hold_ms") }
        if let value = object["delay_ms"] { delay = try Self.duration(value, "delay_ms") }
        if object["slow_rate"] != nil { slowRate = try Self.rate(object["slow_rate"], "slow_rate") }
        for (index, entry) in (object["errors"]?.array ?? []).enumerated() {
            guard let code = entry["code"]?.identifier else { throw Self.jsonError("errors[\(index)] needs a code") }
            var families: [MockProviderFamily]?
            if let provider = entry["provider"] {
                // A name ("whatsapp"), or the list of family names this form writes.
                let names = provider.array?.compactMap(\.string) ?? provider.string.map { [$0] } ?? []
                var resolved: [MockProviderFamily] = []
                for name in names {
                    guard let named = MockProviderFamily.families(named: name) else {
                        throw Self.jsonError("errors[\(index)]: unknown provider \(name)")
                    }
                    resolved += named.filter { !resolved.contains($0) }
                }
                families = resolved
            }
            let recipient = entry["recipient"]?.identifier
            var rate: Double?
            if entry["rate"] != nil { rate = try Self.rate(entry["rate"], "errors[\(index)].rate") }
            guard recipient != nil || rate != nil else { throw Self.jsonError("errors[\(index)] needs a rate or a recipient") }
            rules.append(MockErrorRule(code: code, families: families, recipient: recipient, rate: rate))
        }
    }

    /// The plan as JSON, in the form ``init(json:)`` reads (what `GET /_mock/faults` answers).
    public var json: JSONValue {
        var object = JSONObject()
        object.set("seed", .number(String(seed)))
        object.set("server_error_rate", .double(serverErrorRate))
        object.set("server_error_status", .int(serverErrorStatus))
        object.set("rate_limit_rate", .double(rateLimitRate))
        object.set("retry_after", .int(retryAfterSeconds))
        object.set("retry_after_text", retryAfterText.map(JSONValue.string))
        object.set("timeout_rate", .double(timeoutRate))
        object.set("timeout_hold_ms", .int(Self.milliseconds(timeoutHold)))
        object.set("delay_ms", .int(Self.milliseconds(delay)))
        object.set("slow_rate", .double(slowRate))
        object.set(
            "errors",
            .array(
                rules.map { rule in
                    var entry = JSONObject()
                    entry.set("code", .string(rule.code))
                    entry.set("provider", rule.families.map { .array($0.map { .string($0.rawValue) }) })
                    entry.set("recipient", rule.recipient.map(JSONValue.string))
                    entry.set("rate", .double(rule.rate))
                    return .object(entry)
                }))
        return .object(object)
    }

    /// Whole milliseconds, held within `Int64` (a plan built in code may hold any duration).
    static func milliseconds(_ duration: Duration) -> Int64 {
        Int64(clamping: duration.attoseconds / 1_000_000_000_000_000)
    }

    /// A number of milliseconds in 0 ... ``maximumDuration``.
    static func duration(_ value: JSONValue, _ key: String) throws(SwitchboardError) -> Duration {
        guard let number = value.double, let duration = milliseconds(number) else {
            throw jsonError("\(key) must be a number of milliseconds in 0...31536000000")
        }
        return duration
    }

    static func rate(_ value: JSONValue?, _ key: String) throws(SwitchboardError) -> Double {
        guard let value else { return 0 }
        guard let number = value.double, (0...1).contains(number) else { throw jsonError("\(key) must be a number in 0...1") }
        return number
    }

    static func jsonError(_ message: String) -> SwitchboardError { SwitchboardError(code: .invalidFaultPlan, message: message) }
}
