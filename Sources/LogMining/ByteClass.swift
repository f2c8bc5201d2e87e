/// Byte classification by table lookup: the tokenizer asks several questions of every byte,
/// and one load from a 256-entry table is cheaper than a chain of comparisons.
enum ByteClass {
    static let space: UInt8 = 1
    static let delimiter: UInt8 = 2
    static let digit: UInt8 = 4
    static let openTrim: UInt8 = 8
    static let closeTrim: UInt8 = 16
    static let hex: UInt8 = 32
    static let alpha: UInt8 = 64

    /// Features of a word that the masking rules test before looking at it byte by byte.
    struct Feature {
        static let digit: UInt8 = 1
        static let colon: UInt8 = 2
        static let at: UInt8 = 4
        static let slash: UInt8 = 8
        static let dot: UInt8 = 16
        static let dash: UInt8 = 32
        static let backslash: UInt8 = 64
    }

    /// Per byte, its `Feature` bits. A pointer, set up once, so hot loops index it directly.
    nonisolated(unsafe) static let features: UnsafePointer<UInt8> = {
        let t = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        t.initialize(repeating: 0, count: 256)
        for b in UInt8(ascii: "0")...UInt8(ascii: "9") { t[Int(b)] = Feature.digit }
        t[Int(UInt8(ascii: ":"))] = Feature.colon
        t[Int(UInt8(ascii: "@"))] = Feature.at
        t[Int(UInt8(ascii: "/"))] = Feature.slash
        t[Int(UInt8(ascii: "."))] = Feature.dot
        t[Int(UInt8(ascii: "-"))] = Feature.dash
        t[Int(UInt8(ascii: "\\"))] = Feature.backslash
        return UnsafePointer(t)
    }()

    /// Per byte, its class bits. A pointer, set up once and never written again, so hot loops
    /// index it directly.
    nonisolated(unsafe) static let pointer: UnsafePointer<UInt8> = {
        let t = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        t.initialize(from: table, count: 256)
        return UnsafePointer(t)
    }()

    static let table: [UInt8] = {
        var t = [UInt8](repeating: 0, count: 256)
        for b in [UInt8(ascii: " "), 9, 11, 12, 13] { t[Int(b)] |= space }
        for ch in "=,:;()[]{}\"'<>|@/" { t[Int(ch.asciiValue!)] |= delimiter }
        for ch in "([{\"'<" { t[Int(ch.asciiValue!)] |= openTrim }
        for ch in ")]}\"'>,;.:" { t[Int(ch.asciiValue!)] |= closeTrim }
        for b in UInt8(ascii: "0")...UInt8(ascii: "9") { t[Int(b)] |= digit | hex }
        for b in UInt8(ascii: "a")...UInt8(ascii: "z") { t[Int(b)] |= alpha }
        for b in UInt8(ascii: "A")...UInt8(ascii: "Z") { t[Int(b)] |= alpha }
        for ch in "abcdefABCDEF" { t[Int(ch.asciiValue!)] |= hex }
        return t
    }()
}

/// 64-bit FNV-1a plus a final mix: cheap on short tokens, and the mix spreads the low bits
/// that the dictionaries of the prefix tree hash on.
enum TokenHash {
    static let offset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01b3
    /// The hash every variable token shares, before its separator is folded in.
    static let variable: UInt64 = 0x9e37_79b9_7f4a_7c15

    @inline(__always)
    static func bytes(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        var h = offset
        for i in 0..<count { h = (h ^ UInt64(p[i])) &* prime }
        return h
    }

    @inline(__always)
    static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var x = (a ^ (b &+ 0x9e37_79b9_7f4a_7c15 &+ (a << 6) &+ (a >> 2)))
        x ^= x >> 33
        x = x &* 0xff51_afd7_ed55_8ccd
        x ^= x >> 33
        return x
    }

    static func string(_ s: String) -> UInt64 {
        var copy = s
        return copy.withUTF8 { buf in bytes(buf.baseAddress ?? UnsafePointer(bitPattern: 1)!, buf.count) }
    }
}
