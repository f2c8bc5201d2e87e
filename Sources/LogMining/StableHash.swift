/// FNV-1a, 64 bits: the same value in every process, build and machine (Swift's `Hasher` is
/// seeded per process), for hashes that are stored or named on disk.
public enum StableHash {
    public static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always)
    public static func fnv1a<S: Sequence>(_ bytes: S, from h0: UInt64 = offsetBasis) -> UInt64 where S.Element == UInt8 {
        var h = h0
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }
}
