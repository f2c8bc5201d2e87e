import CGit2

/// A git object id (SHA-1). Stored as three words so the attribution walk can hash and compare
/// ids cheaply; written as 40 hex digits.
public struct ObjectID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    let w0: UInt64
    let w1: UInt64
    let w2: UInt32

    init(_ oid: git_oid) {
        var copy = oid
        (w0, w1, w2) = withUnsafeBytes(of: &copy.id) { raw in
            (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
             raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
        }
    }

    init(_ oid: UnsafePointer<git_oid>) { self.init(oid.pointee) }

    /// Parses 40 hex digits.
    public init?(hex: String) {
        var oid = git_oid()
        guard hex.utf8.count == 40, git_oid_fromstr(&oid, hex) == 0 else { return nil }
        self.init(oid)
    }

    var oid: git_oid {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { raw in
            raw.storeBytes(of: w0, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: w1, toByteOffset: 8, as: UInt64.self)
            raw.storeBytes(of: w2, toByteOffset: 16, as: UInt32.self)
        }
        return oid
    }

    /// The all-zero id libgit2 uses for the absent side of a diff.
    var isZero: Bool { w0 == 0 && w1 == 0 && w2 == 0 }

    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var copy = oid
        return withUnsafeBytes(of: &copy.id) { raw in
            String(unsafeUninitializedCapacity: 40) { out in
                for (i, b) in raw.enumerated() {
                    out[2 * i] = digits[Int(b >> 4)]
                    out[2 * i + 1] = digits[Int(b & 15)]
                }
                return 40
            }
        }
    }

    /// The abbreviated form people read (`git log --oneline` uses 7).
    public func short(_ length: Int = 7) -> String { String(hex.prefix(length)) }

    public var description: String { hex }

    /// Byte order, which is the order of the hex strings.
    public static func < (a: ObjectID, b: ObjectID) -> Bool {
        let l = (UInt64(bigEndian: a.w0), UInt64(bigEndian: a.w1), UInt32(bigEndian: a.w2))
        let r = (UInt64(bigEndian: b.w0), UInt64(bigEndian: b.w1), UInt32(bigEndian: b.w2))
        return l < r
    }

    public init(from decoder: Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let id = ObjectID(hex: s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a 40-digit object id: \(s)"))
        }
        self = id
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(hex)
    }
}
