import SwitchboardCore

/// The headers and query parameters of a webhook that carry a connection's secret as it is
/// (``ChannelAdapter/credentialFields(connection:)``).
public struct CredentialFields: Sendable, Hashable {
    /// Header names, compared ignoring case.
    public var headers: [String]
    /// Query parameter names, compared ignoring case.
    public var queryParameters: [String]

    public init(headers: [String] = [], queryParameters: [String] = []) {
        self.headers = headers
        self.queryParameters = queryParameters
    }
}

extension ConnectionConfig {
    /// The further accounts the connection owns besides ``account``: the option `accounts`, comma-separated (the
    /// numbers of a Twilio Messaging Service, an alphanumeric sender id its status callbacks name).
    public var additionalAccounts: [String] {
        guard let list = options["accounts"] else { return [] }
        return list.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    /// Whether the connection names any account it owns (``account`` or option `accounts`).
    public var namesAccounts: Bool { !account.isEmpty || !additionalAccounts.isEmpty }
}

extension ChannelAdapter {
    /// Whether `connection` owns `account` as its ``ConnectionConfig/account`` or one of its
    /// ``ConnectionConfig/additionalAccounts``, compared by ``owns(account:connection:)``.
    public func ownsAny(account: String, connection: ConnectionConfig) -> Bool {
        if !connection.account.isEmpty, owns(account: account, connection: connection) { return true }
        return connection.additionalAccounts.contains { other in
            var alias = connection
            alias.account = other
            return owns(account: account, connection: alias)
        }
    }

    /// The connection an event naming `account` belongs to, among `verified`: the connections whose secret
    /// verified the request, in configuration order, the first of them being the one the request was decoded for.
    ///
    /// - An empty `account` (the body names none, as in a status callback without a sender) belongs to the first.
    /// - Otherwise to the first connection that owns it (``ownsAny(account:connection:)``: its `account` or option
    ///   `accounts`);
    /// - failing that, to the first connection that names no account: such a connection owns every account no
    ///   verifying connection naming accounts owns (one connection per provider, the single-business case, needs
    ///   no account).
    /// - `nil` when none owns it: the request is refused (docs/threat-model.md "One connection per business").
    public func owner(of account: String, among verified: [ConnectionConfig]) -> ConnectionConfig? {
        if account.isEmpty { return verified.first }
        return verified.first { $0.namesAccounts && ownsAny(account: account, connection: $0) }
            ?? verified.first { !$0.namesAccounts }
    }
}

/// Account comparisons the adapters' ``ChannelAdapter/owns(account:connection:)`` use.
public enum AccountMatch {
    /// Characters phone numbers are written with besides their digits (`+1 (415) 555-0100`, `+44.7700.900001`).
    private static let numberPunctuation: Set<Character> = ["+", " ", "-", ".", "(", ")", "\t"]

    /// Whether two addresses as SMS providers write them are the same: phone numbers and short codes by their
    /// digits alone (`+14155550100` is `14155550100` and `+1 415 555 0100`), anything else (alphanumeric sender
    /// ids) ignoring case.
    public static func sameNumber(_ lhs: String, _ rhs: String) -> Bool {
        let left = digits(lhs)
        let right = digits(rhs)
        if let left, let right { return left == right }
        guard left == nil, right == nil else { return false }
        return lhs.trimmingWhitespace().lowercased() == rhs.trimmingWhitespace().lowercased()
    }

    /// The digits of `value` when it is a phone number (digits and punctuation only, at least one digit).
    private static func digits(_ value: String) -> String? {
        var digits = ""
        for character in value {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if !numberPunctuation.contains(character) {
                return nil
            }
        }
        return digits.isEmpty ? nil : digits
    }
}
