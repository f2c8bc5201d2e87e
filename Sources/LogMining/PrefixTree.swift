/// Where a message goes in the prefix tree: its token count, then its first token (or the
/// wildcard branch when the first token is a variable, has the shape of a value, or the length
/// node is full).
struct LeafKey: Hashable, Codable {
    let tokenCount: Int32
    let first: UInt64
    static let wildcard: UInt64 = 0
}

/// The templates of one variable-position pattern inside a leaf, indexed by the hash of their
/// constants, so a message is matched by one hash lookup per pattern instead of a scan.
final class MaskTable {
    let variablePositions: [Int32]
    let constantPositions: [Int32]
    var byHash = HashIndex()

    init(isVariable: [Bool]) {
        var v: [Int32] = []
        var c: [Int32] = []
        for (i, x) in isVariable.enumerated() {
            if x { v.append(Int32(i)) } else { c.append(Int32(i)) }
        }
        variablePositions = v
        constantPositions = c
    }

    @inline(__always)
    func key(of tokens: TokenBuffer) -> UInt64 {
        var h: UInt64 = 0x51_7cc1_b727_220a
        for p in constantPositions { h = TokenHash.mix(h, tokens.hash[Int(p)]) }
        return h
    }
}

/// A leaf of the prefix tree: its clusters in creation order and their mask tables.
final class Leaf {
    let key: LeafKey
    /// Token count of every message and template of the leaf.
    var width: Int { Int(key.tokenCount) }
    private(set) var clusterIDs: [Int] = []
    /// Row k (`width` entries) holds the hashes and variable flags of cluster `clusterIDs[k]`:
    /// the similarity search reads candidates from here, contiguously, instead of chasing each
    /// cluster object (it was 13 % of the mining thread on the 31k-template corpus).
    private(set) var rowHashes: [UInt64] = []
    private(set) var rowVariable: [Bool] = []

    init(key: LeafKey) { self.key = key }

    func append(_ c: Cluster) {
        precondition(c.hashes.count == width, "template \(c.id + 1) has \(c.hashes.count) tokens in a leaf of \(width)")
        clusterIDs.append(c.id)
        rowHashes.append(contentsOf: c.hashes)
        rowVariable.append(contentsOf: c.isVariable)
    }

    /// After cluster `c`'s variable positions changed.
    func update(_ c: Cluster) {
        guard let k = clusterIDs.lastIndex(of: c.id) else { return }
        rowVariable.replaceSubrange((k * width)..<((k + 1) * width), with: c.isVariable)
    }

    func remove(_ id: Int) {
        guard let k = clusterIDs.lastIndex(of: id) else { return }
        clusterIDs.remove(at: k)
        rowHashes.removeSubrange((k * width)..<((k + 1) * width))
        rowVariable.removeSubrange((k * width)..<((k + 1) * width))
    }
    /// Ordered by variable count, then positions, so lookups are deterministic after a restore.
    var masks: [MaskTable] = []

    func table(for isVariable: [Bool]) -> MaskTable {
        var positions: [Int32] = []
        for (i, x) in isVariable.enumerated() where x { positions.append(Int32(i)) }
        if let t = masks.first(where: { $0.variablePositions == positions }) { return t }
        let t = MaskTable(isVariable: isVariable)
        masks.append(t)
        masks.sort { a, b in
            a.variablePositions.count != b.variablePositions.count
                ? a.variablePositions.count < b.variablePositions.count
                : a.variablePositions.lexicographicallyPrecedes(b.variablePositions)
        }
        return t
    }

    func dropEmptyTables() { masks.removeAll { $0.byHash.isEmpty } }
}

/// The fixed-depth prefix tree: length, then first token, then a leaf.
struct PrefixTree {
    var leaves: [LeafKey: Leaf] = [:]
    /// The leaves again, found by one probe of a `HashIndex` (no SipHash) on the common path;
    /// `leaves` answers when the index does not (a colliding key, checked).
    private var leafList: [Leaf] = []
    private var leafIndex = HashIndex()

    @inline(__always)
    private static func indexKey(_ k: LeafKey) -> UInt64 { TokenHash.mix(k.first, UInt64(UInt32(bitPattern: k.tokenCount))) }

    @inline(__always)
    private func existing(_ k: LeafKey) -> Leaf? {
        if let i = leafIndex[Self.indexKey(k)], leafList[i].key == k { return leafList[i] }
        return leaves[k]
    }
    /// Distinct first-token branches per length, to enforce `maxChildren`.
    var branches: [Int32: Set<UInt64>] = [:]

    /// The key a message routes to, without creating anything.
    func route(_ tokens: TokenBuffer, maxChildren: Int, firstIsValue: Bool) -> LeafKey {
        let n = Int32(tokens.count)
        guard n > 0, !tokens.isVariable[0], !firstIsValue else { return LeafKey(tokenCount: n, first: LeafKey.wildcard) }
        let first = tokens.hash[0] | 1
        if let b = branches[n], !b.contains(first), b.count >= maxChildren {
            return LeafKey(tokenCount: n, first: LeafKey.wildcard)
        }
        return LeafKey(tokenCount: n, first: first)
    }

    /// The key a message routes to and its leaf, created when new. An existing first-token leaf
    /// is found with one lookup: its branch is counted already, so `route` would pick it too.
    @inline(__always)
    mutating func place(_ tokens: TokenBuffer, maxChildren: Int, firstIsValue: Bool) -> (LeafKey, Leaf) {
        if tokens.count > 0, !tokens.isVariable[0], !firstIsValue {
            let k = LeafKey(tokenCount: Int32(tokens.count), first: tokens.hash[0] | 1)
            if let l = existing(k) { return (k, l) }
        }
        let key = route(tokens, maxChildren: maxChildren, firstIsValue: firstIsValue)
        return (key, leaf(for: key))
    }

    mutating func leaf(for key: LeafKey) -> Leaf {
        if let l = existing(key) { return l }
        let l = Leaf(key: key)
        leaves[key] = l
        leafIndex[Self.indexKey(key)] = leafList.count
        leafList.append(l)
        if key.first != LeafKey.wildcard { branches[key.tokenCount, default: []].insert(key.first) }
        return l
    }
}
