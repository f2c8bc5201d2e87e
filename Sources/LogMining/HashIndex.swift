/// A map from 64-bit keys that are hashes already (of tokens, of a template's constants) to
/// non-negative ids: open addressing with linear probing. Swift's `Dictionary` hashes every key
/// again with a seeded SipHash; for the lookups made per record that was 5 % of the mining thread
/// (perf on bench/index_speed.py).
struct HashIndex {
    private var keys: [UInt64]
    /// -1 marks an empty slot.
    private var values: [Int]
    private var mask: Int
    private(set) var count = 0

    init() {
        keys = [UInt64](repeating: 0, count: 8)
        values = [Int](repeating: -1, count: 8)
        mask = 7
    }

    var isEmpty: Bool { count == 0 }

    subscript(key: UInt64) -> Int? {
        get {
            var i = Self.slot(key, mask)
            while values[i] >= 0 {
                if keys[i] == key { return values[i] }
                i = (i + 1) & mask
            }
            return nil
        }
        set {
            if let v = newValue {
                precondition(v >= 0, "HashIndex holds non-negative ids")
                insert(key, v)
            } else {
                remove(key)
            }
        }
    }

    /// Keys are hashes, but of few bits' difference at times: a final mix spreads them.
    @inline(__always)
    private static func slot(_ k: UInt64, _ mask: Int) -> Int {
        var x = k ^ (k >> 31)
        x = x &* 0xbf58_476d_1ce4_e5b9
        return Int(truncatingIfNeeded: x ^ (x >> 29)) & mask
    }

    private mutating func insert(_ key: UInt64, _ value: Int) {
        var i = Self.slot(key, mask)
        while values[i] >= 0 {
            if keys[i] == key {
                values[i] = value
                return
            }
            i = (i + 1) & mask
        }
        keys[i] = key
        values[i] = value
        count += 1
        if count * 2 > mask + 1 { grow() }
    }

    /// Removes by shifting the following run back, so lookups never meet a tombstone.
    private mutating func remove(_ key: UInt64) {
        var i = Self.slot(key, mask)
        while values[i] >= 0 {
            if keys[i] == key { break }
            i = (i + 1) & mask
        }
        guard values[i] >= 0 else { return }
        values[i] = -1
        count -= 1
        var j = i
        while true {
            j = (j + 1) & mask
            guard values[j] >= 0 else { return }
            let home = Self.slot(keys[j], mask)
            // The entry at j may move to the hole at i unless its home lies cyclically in (i, j].
            let stays = i <= j ? (home > i && home <= j) : (home > i || home <= j)
            if !stays {
                keys[i] = keys[j]
                values[i] = values[j]
                values[j] = -1
                i = j
            }
        }
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        mask = (mask + 1) * 2 - 1
        keys = [UInt64](repeating: 0, count: mask + 1)
        values = [Int](repeating: -1, count: mask + 1)
        count = 0
        for (k, v) in zip(oldKeys, oldValues) where v >= 0 { insert(k, v) }
    }
}
