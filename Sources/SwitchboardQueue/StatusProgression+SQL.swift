import SwitchboardCore

extension StatusProgression {
    /// The stored delivery status's position in the progression as a SQL expression over `column` (an unknown
    /// stored value counts as `queued`), for the stores' forward-only updates: a status is applied when its
    /// ``precedence(_:)`` is higher than this. The same text on SQLite and PostgreSQL.
    public static func precedenceSQL(column: String = "delivery_status") -> String {
        "(CASE \(column) "
            + DeliveryStatus.allCases.filter { precedence($0) > 0 }.map { "WHEN '\($0.rawValue)' THEN \(precedence($0)) " }.joined()
            + "ELSE 0 END)"
    }
}
