/// UTF-7 (RFC 2152) decoding: ASCII stays ASCII, `+...-` runs are modified base64 of UTF-16.
enum UTF7 {
    /// The decoded text, or `nil` when the bytes are not UTF-7 (8-bit bytes, broken surrogates).
    static func decode(_ bytes: [UInt8]) -> String? {
        var units: [UInt16] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte < 0x80 else { return nil }
            guard byte == 0x2B else {
                units.append(UInt16(byte))
                index += 1
                continue
            }
            index += 1
            if index < bytes.count, bytes[index] == 0x2D {  // `+-` is a literal `+`
                units.append(0x2B)
                index += 1
                continue
            }
            var accumulator: UInt32 = 0
            var bits = 0
            while index < bytes.count, let value = base64Value(bytes[index]) {
                accumulator = accumulator << 6 | UInt32(value)
                bits += 6
                if bits >= 16 {
                    bits -= 16
                    units.append(UInt16(truncatingIfNeeded: accumulator >> UInt32(bits)))
                    accumulator &= (1 << UInt32(bits)) - 1
                }
                index += 1
            }
            if index < bytes.count, bytes[index] == 0x2D { index += 1 }  // the `-` that ends a run is absorbed
        }
        var output = String.UnicodeScalarView()
        var iterator = units.makeIterator()
        var decoder = UTF16()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): output.append(scalar)
            case .emptyInput: return String(output)
            case .error: return nil
            }
        }
    }

    private static func base64Value(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x41...0x5A: byte - 0x41
        case 0x61...0x7A: byte - 0x61 + 26
        case 0x30...0x39: byte - 0x30 + 52
        case 0x2B: 62
        case 0x2F: 63
        default: nil
        }
    }
}
