import Foundation
import SwitchboardCore
import Testing

/// `JSONParser` against JSONTestSuite's parsing cases (`JSONTestSuite/README.md`): every `y_` document accepted,
/// every `n_` document refused, every `i_` document answered either way without a crash.
@Suite struct JSONTestSuiteTests {
    /// The case files whose names start with `prefix`, with their bytes.
    static func cases(_ prefix: String) throws -> [(name: String, bytes: [UInt8])] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("JSONTestSuite/test_parsing")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasPrefix(prefix) && $0.hasSuffix(".json") }.sorted()
        return try names.map { ($0, Array(try Data(contentsOf: folder.appendingPathComponent($0)))) }
    }

    @Test func everyValidDocumentIsAccepted() throws {
        let cases = try Self.cases("y_")
        #expect(cases.count == 95)
        let refused = cases.compactMap { name, bytes -> String? in
            do {
                _ = try JSONParser.parse(bytes)
                return nil
            } catch {
                return "\(name): \(error)"
            }
        }
        #expect(refused == [])
    }

    @Test func everyInvalidDocumentIsRefused() throws {
        let cases = try Self.cases("n_")
        #expect(cases.count == 188)
        let accepted = cases.compactMap { name, bytes in (try? JSONParser.parse(bytes)) == nil ? nil : name }
        #expect(accepted == [])
    }

    /// Reaching the end is the test (a crash would kill the process); the answers are recorded so that a change of
    /// behaviour shows in review.
    @Test func implementationDefinedDocumentsGetAnAnswer() throws {
        let cases = try Self.cases("i_")
        #expect(cases.count == 35)
        let accepted = Set(cases.compactMap { name, bytes in (try? JSONParser.parse(bytes)) == nil ? nil : name })
        #expect(accepted == Self.implementationDefinedAccepted)
    }

    /// The `i_` cases `JSONParser` accepts: numbers of any size or precision (kept as their text), lone or reversed
    /// UTF-16 surrogates and ill-formed UTF-8 in strings (replaced by U+FFFD, as `String(decoding:as:)` does), and
    /// 500 nested arrays (within the 512-level limit). It refuses the rest: UTF-16 and UTF-32 documents, and a
    /// UTF-8 byte order mark (RFC 8259 §8.1: JSON exchanged between systems is UTF-8, without a BOM).
    static let implementationDefinedAccepted: Set<String> = [
        "i_number_double_huge_neg_exp.json",
        "i_number_huge_exp.json",
        "i_number_neg_int_huge_exp.json",
        "i_number_pos_double_huge_exp.json",
        "i_number_real_neg_overflow.json",
        "i_number_real_pos_overflow.json",
        "i_number_real_underflow.json",
        "i_number_too_big_neg_int.json",
        "i_number_too_big_pos_int.json",
        "i_number_very_big_negative_int.json",
        "i_object_key_lone_2nd_surrogate.json",
        "i_string_1st_surrogate_but_2nd_missing.json",
        "i_string_1st_valid_surrogate_2nd_invalid.json",
        "i_string_UTF-8_invalid_sequence.json",
        "i_string_UTF8_surrogate_U+D800.json",
        "i_string_incomplete_surrogate_and_escape_valid.json",
        "i_string_incomplete_surrogate_pair.json",
        "i_string_incomplete_surrogates_escape_valid.json",
        "i_string_invalid_lonely_surrogate.json",
        "i_string_invalid_surrogate.json",
        "i_string_invalid_utf-8.json",
        "i_string_inverted_surrogates_U+1D11E.json",
        "i_string_iso_latin_1.json",
        "i_string_lone_second_surrogate.json",
        "i_string_lone_utf8_continuation_byte.json",
        "i_string_not_in_unicode_range.json",
        "i_string_overlong_sequence_2_bytes.json",
        "i_string_overlong_sequence_6_bytes.json",
        "i_string_overlong_sequence_6_bytes_null.json",
        "i_string_truncated-utf-8.json",
        "i_structure_500_nested_arrays.json",
    ]
}
