/// A minimal line diff (longest common subsequence) printed in unified style, for golden mismatches.
public enum LineDiff {
    /// `-` lines only in `expected`, `+` lines only in `actual`, with up to `context` unchanged lines around them.
    public static func render(expected: String, actual: String, context: Int = 2) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let n = old.count, m = new.count
        guard n * m <= 4_000_000 else { return "--- expected (\(n) lines)\n+++ actual (\(m) lines)\n(too large to diff)" }
        var table = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i][j] = old[i] == new[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var lines: [(Character, String)] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, old[i] == new[j] {
                lines.append((" ", old[i])); i += 1; j += 1
            } else if j < m, i == n || table[i][j + 1] >= table[i + 1][j] {
                lines.append(("+", new[j])); j += 1
            } else {
                lines.append(("-", old[i])); i += 1
            }
        }
        var keep = [Bool](repeating: false, count: lines.count)
        for (index, line) in lines.enumerated() where line.0 != " " {
            for k in max(0, index - context)...min(lines.count - 1, index + context) { keep[k] = true }
        }
        var output = ["--- expected", "+++ actual"]
        var skipped = false
        for (index, line) in lines.enumerated() {
            if keep[index] {
                output.append("\(line.0) \(line.1)")
                skipped = false
            } else if !skipped {
                output.append("  ...")
                skipped = true
            }
        }
        return output.joined(separator: "\n")
    }
}
