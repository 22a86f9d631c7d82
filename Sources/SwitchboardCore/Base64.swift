import Foundation

/// Base64 (RFC 4648) for the whole project, built on Foundation's codec: HTTP Basic credentials, JWT parts,
/// provider signatures, MIME bodies and encoded words, the quarantine API's `body_base64`.
public enum Base64 {
    /// The 64-character alphabet: standard (`+` `/`, RFC 4648 §4) or URL-safe (`-` `_`, §5).
    public enum Alphabet: Sendable {
        /// `A–Z a–z 0–9 + /`.
        case standard
        /// `A–Z a–z 0–9 - _` (JWT, URL parameters).
        case url
    }

    /// Encodes `bytes` in `alphabet`, with `=` padding to a multiple of four characters unless `padded` is
    /// `false` (JWT parts are unpadded URL-safe base64).
    public static func encode(_ bytes: [UInt8], alphabet: Alphabet = .standard, padded: Bool = true) -> String {
        let standard = Data(bytes).base64EncodedString()
        guard alphabet == .url || !padded else { return standard }
        var characters = Array(standard.utf8)
        if alphabet == .url {
            for index in characters.indices {
                if characters[index] == plus {
                    characters[index] = minus
                } else if characters[index] == slash {
                    characters[index] = underscore
                }
            }
        }
        if !padded {
            while characters.last == pad { characters.removeLast() }
        }
        return String(decoding: characters, as: UTF8.self)
    }

    /// A MIME body (RFC 2045 §6.8): standard, padded base64 broken into lines of 76 characters by CRLF,
    /// without a line break after the last line.
    public static func encodeMIME(_ bytes: [UInt8]) -> [UInt8] {
        let options: Data.Base64EncodingOptions = [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed]
        return Array(Data(bytes).base64EncodedData(options: options))
    }

    /// Decodes base64 in either alphabet, padded or not. Anything else — white space, a foreign character,
    /// a length that no padding completes — gives `nil`.
    public static func decode(_ text: String) -> [UInt8]? {
        var characters = Array(text.utf8)
        for index in characters.indices {
            if characters[index] == minus {
                characters[index] = plus
            } else if characters[index] == underscore {
                characters[index] = slash
            }
        }
        while characters.count % 4 != 0 { characters.append(pad) }
        return Data(base64Encoded: Data(characters)).map(Array.init)
    }

    /// Decodes a MIME body as mail clients do: white space and foreign characters are skipped, either
    /// alphabet is accepted (some webmail exports use the URL-safe one), missing padding is fine, a lone
    /// trailing character (six bits, no whole byte) is dropped, and data after a `=` pad starts a new run
    /// (concatenated base64 parts). `clean` is `false` when anything but white space or padding was skipped.
    ///
    /// Foundation's `.ignoreUnknownCharacters` option would stop at the first pad and reject a missing one,
    /// so the runs are gathered here and each one is decoded by Foundation.
    public static func decodeTolerant(_ bytes: [UInt8]) -> (bytes: [UInt8], clean: Bool) {
        var output: [UInt8] = []
        var clean = true
        // The current run's alphabet characters, in the standard alphabet, gathered in place.
        var run = [UInt8](repeating: 0, count: bytes.count)
        run.withUnsafeMutableBufferPointer { run in
            characterClasses.withUnsafeBufferPointer { classes in
                var length = 0
                var padded = false
                for byte in bytes {
                    let character = classes[Int(byte)]
                    if character < 0x80 {
                        if padded {
                            appendDecoded(UnsafeBufferPointer(rebasing: run[0..<length]), to: &output)
                            length = 0
                            padded = false
                        }
                        run[length] = character
                        length += 1
                    } else if character == padding {
                        padded = true
                    } else if character == foreign {
                        clean = false
                    }
                }
                appendDecoded(UnsafeBufferPointer(rebasing: run[0..<length]), to: &output)
            }
        }
        return (output, clean)
    }

    /// Decodes one run of alphabet characters (standard alphabet, no padding) into `output`.
    private static func appendDecoded(_ run: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        let length = run.count % 4 == 1 ? run.count - 1 : run.count
        guard length > 0 else { return }
        var text = Data(buffer: UnsafeBufferPointer(rebasing: run[0..<length]))
        text.append(contentsOf: repeatElement(pad, count: (4 - length % 4) % 4))
        guard let decoded = Data(base64Encoded: text) else { return }
        if output.isEmpty {
            output = Array(decoded)
        } else {
            decoded.withUnsafeBytes { output.append(contentsOf: $0) }
        }
    }

    /// What `decodeTolerant` makes of each byte: the standard-alphabet character it stands for, or one of
    /// `whiteSpace`, `padding`, `foreign`.
    private static let characterClasses: [UInt8] = {
        var classes = [UInt8](repeating: foreign, count: 256)
        for byte in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8 { classes[Int(byte)] = byte }
        classes[Int(minus)] = plus
        classes[Int(underscore)] = slash
        classes[Int(pad)] = padding
        for byte in [0x0D, 0x0A, 0x20, 0x09] { classes[byte] = whiteSpace }
        return classes
    }()
    private static let whiteSpace: UInt8 = 0x80
    private static let padding: UInt8 = 0x81
    private static let foreign: UInt8 = 0x82
    private static let plus = UInt8(ascii: "+")
    private static let slash = UInt8(ascii: "/")
    private static let minus = UInt8(ascii: "-")
    private static let underscore = UInt8(ascii: "_")
    private static let pad = UInt8(ascii: "=")
}
