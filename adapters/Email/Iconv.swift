import SwitchboardCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Bytes in a legacy charset to text, through the C library's `iconv` (glibc on Linux, the system's
/// libiconv on Darwin).
///
/// A conversion descriptor is used by one call at a time: a call takes an idle one for its charset
/// from a small pool (or opens one) and puts it back when done. Reusing descriptors saves
/// `iconv_open` on every call, and keeps glibc from unloading and reloading a charset's module when
/// mail alternates between charsets.
enum Iconv {
    /// What a byte that is invalid in the charset becomes.
    enum InvalidBytes: Sendable {
        /// The whole conversion fails (`nil`), so the caller can fall back.
        case fail
        /// U+FFFD, and decoding goes on with the next byte (single-byte charsets).
        case replacementCharacter
        /// The code point of the byte's value (0x81 → U+0081), and decoding goes on with the next byte
        /// (single-byte charsets).
        case sameCodePoint
    }

    /// `bytes` read as `charset` (a name `iconv_open` accepts), or `nil` when the C library does not
    /// know the charset, or when the bytes are invalid or cut short and `invalid` is ``InvalidBytes/fail``.
    static func decode(_ bytes: [UInt8], from charset: String, invalid: InvalidBytes) -> String? {
        guard let descriptor = takeDescriptor(for: charset) else { return nil }
        defer { putBack(descriptor, for: charset) }
        var converter = Converter(descriptor: descriptor.handle, capacity: bytes.count + bytes.count / 2 + 16)
        var input = bytes
        let completed = input.withUnsafeMutableBytes { raw -> Bool in
            var inPointer = raw.baseAddress?.assumingMemoryBound(to: CChar.self)
            var inLeft = raw.count
            while inLeft > 0 {
                switch converter.convert(&inPointer, &inLeft) {
                case 0:
                    continue
                case EILSEQ where invalid != .fail:
                    guard let pointer = inPointer else { return false }
                    // Characters iconv holds back (to compose with a following mark) come out first.
                    guard converter.flush() == 0 else { return false }
                    let byte = UInt8(bitPattern: pointer.pointee)
                    converter.append(invalid == .sameCodePoint ? Unicode.Scalar(byte) : "\u{FFFD}")
                    inPointer = pointer + 1
                    inLeft -= 1
                default:
                    return false  // EILSEQ, or EINVAL: a sequence cut short at the end of the input
                }
            }
            return converter.flush() == 0
        }
        return completed ? converter.text : nil
    }

    /// An open `iconv_t`, handed from one call to the next through ``idle`` (never used by two at once).
    private struct Descriptor: @unchecked Sendable {
        let handle: iconv_t
    }

    /// Idle descriptors by charset name, at most ``idleLimit`` each.
    private static let idle = Locked<[String: [Descriptor]]>([:])
    private static let idleLimit = 8

    private static func takeDescriptor(for charset: String) -> Descriptor? {
        if let reused = idle.withLock({ $0[charset]?.popLast() }) {
            iconv(reused.handle, nil, nil, nil, nil)  // back to the initial shift state
            return reused
        }
        // `iconv_open` fails with `(iconv_t)-1`.
        guard let handle = iconv_open("UTF-8", charset), Int(bitPattern: handle) != -1 else { return nil }
        return Descriptor(handle: handle)
    }

    private static func putBack(_ descriptor: Descriptor, for charset: String) {
        let kept = idle.withLock { idle in
            guard idle[charset, default: []].count < idleLimit else { return false }
            idle[charset, default: []].append(descriptor)
            return true
        }
        if !kept { iconv_close(descriptor.handle) }
    }

    /// One conversion's output buffer, doubled whenever iconv reports it full (`E2BIG`).
    private struct Converter {
        let descriptor: iconv_t
        var output: [UInt8]
        var written = 0

        init(descriptor: iconv_t, capacity: Int) {
            self.descriptor = descriptor
            self.output = [UInt8](repeating: 0, count: capacity)
        }

        /// Converts input until it is consumed (0) or iconv stops on a bad sequence (its `errno`).
        mutating func convert(_ inPointer: inout UnsafeMutablePointer<CChar>?, _ inLeft: inout Int) -> Int32 {
            let descriptor = descriptor
            while true {
                let status = call { iconv(descriptor, &inPointer, &inLeft, &$0, &$1) }
                guard status == E2BIG else { return status }
                grow()
            }
        }

        /// Emits what the descriptor holds back and resets its shift state; 0, or the `errno`.
        mutating func flush() -> Int32 {
            let descriptor = descriptor
            while true {
                let status = call { iconv(descriptor, nil, nil, &$0, &$1) }
                guard status == E2BIG else { return status }
                grow()
            }
        }

        mutating func append(_ scalar: Unicode.Scalar) {
            for byte in String(scalar).utf8 {
                if written == output.count { grow() }
                output[written] = byte
                written += 1
            }
        }

        var text: String { String(decoding: output[..<written], as: UTF8.self) }

        private mutating func grow() { output += [UInt8](repeating: 0, count: output.count) }

        /// Runs one `iconv` call on the free end of the buffer; 0, or the `errno` it left.
        private mutating func call(
            _ body: (inout UnsafeMutablePointer<CChar>?, inout Int) -> Int
        ) -> Int32 {
            let start = written
            let (result, produced, error) = output.withUnsafeMutableBytes { raw -> (Int, Int, Int32) in
                var outPointer: UnsafeMutablePointer<CChar>? = (raw.baseAddress! + start).assumingMemoryBound(to: CChar.self)
                var outLeft = raw.count - start
                let result = body(&outPointer, &outLeft)
                return (result, raw.count - start - outLeft, errno)
            }
            written += produced
            return result == -1 ? error : 0
        }
    }
}
