/// What `add` did with a message.
public enum MatchKind: Sendable, Equatable {
    /// The message fit an existing template as it was.
    case matched
    /// The message joined a template and made one or more of its positions variable.
    case generalized
    /// No template was close enough; a new one was issued.
    case created
}

public struct MatchResult: Sendable, Equatable {
    public let id: TemplateID
    public let kind: MatchKind
}

/// A streaming Drain-class template miner.
///
/// Messages are tokenized (see `Tokenizer`), routed by token count and first token to a leaf,
/// and matched there in two steps: an exact lookup per variable pattern of the leaf (one hash per
/// pattern: the common case costs no comparison with any template), then, only when that fails, a
/// similarity search over at most `maxCandidates` of the leaf's newest templates. A template's id
/// never changes: when generalising makes two templates equal, the newer merges into the older and
/// its id stays valid as an alias.
///
/// Not thread-safe: one miner per thread, or one behind a lock.
public final class TemplateMiner {
    public let config: MinerConfig
    private let tokenizer: Tokenizer
    private var clusters: [Cluster] = []
    private var tree = PrefixTree()
    private let scratch: TokenBuffer
    /// Clusters changed since `takeChanged()`: what a store writes back after a batch.
    private var changed = Set<Int>()
    /// Values of positions the last `add` turned variable, as constants held them before:
    /// (position, value, records), reported by `forEachVariableOfLastAdd`.
    private var recovered: [(Int, String, Int)] = []
    public private(set) var limitCounts = LimitCounts()
    /// How messages were placed: exact hits, similarity joins, new templates. For summaries and tuning.
    public private(set) var placements = Placements()

    public struct Placements: Sendable, Equatable {
        public var exact = 0
        public var similar = 0
        public var created = 0
    }

    public init(config: MinerConfig = MinerConfig()) throws {
        self.config = config
        tokenizer = try Tokenizer(config: config)
        scratch = TokenBuffer(capacity: Tokenizer.bufferCapacity(config))
    }

    /// Number of ids issued, live or merged.
    public var issuedCount: Int { clusters.count }

    /// Number of live templates (ids not merged into another), without rendering them.
    public var liveCount: Int {
        var n = 0
        for c in clusters where c.mergedInto == nil { n += 1 }
        return n
    }

    // MARK: Mining

    /// Mines one message and returns the id of its template.
    @discardableResult
    public func add(_ message: UnsafeBufferPointer<UInt8>) -> MatchResult {
        tokenizer.tokenize(message, into: scratch)
        return place(message)
    }

    /// Mines message `index` of `tokens`, tokenized ahead (on another thread) by a
    /// `MessageTokenizer` with this miner's configuration; `message` is its text.
    @discardableResult
    public func add(_ message: UnsafeBufferPointer<UInt8>, tokens: TokenBatch, at index: Int) -> MatchResult {
        tokens.load(index, into: scratch)
        return place(message)
    }

    /// Places the message whose tokens are in `scratch`.
    @inline(__always)
    private func place(_ message: UnsafeBufferPointer<UInt8>) -> MatchResult {
        if scratch.truncated { limitCounts.add(.tooManyTokens) }
        if !recovered.isEmpty { recovered.removeAll(keepingCapacity: true) }
        let (key, leaf) = tree.place(scratch, maxChildren: config.maxChildren, firstIsValue: firstIsValue(scratch, message))
        if let id = exact(scratch, in: leaf) {
            placements.exact += 1
            clusters[id].count += 1
            clusters[id].sessionCount += 1
            return MatchResult(id: TemplateID(id + 1), kind: .matched)
        }
        if let (id, _) = mostSimilar(scratch, in: leaf) {
            placements.similar += 1
            return join(scratch, similarTo: id, message: message, key: key, leaf: leaf)
        }
        placements.created += 1
        let id = create(from: scratch, message: message, key: key, leaf: leaf, inheriting: nil)
        return MatchResult(id: TemplateID(id + 1), kind: .created)
    }

    /// A message close to template `id` but not equal to it. The positions where they differ
    /// become variables only once each has shown `minDistinctValues` distinct values (counted on
    /// the root template the near-misses gather around); until then each combination is a template
    /// of its own. Words that take few values (`begin`/`end`, enum-like states) stay constants, as
    /// people who label log templates keep them; values with many spellings (user names) generalise.
    private func join(_ tokens: TokenBuffer, similarTo id: Int, message: UnsafeBufferPointer<UInt8>, key: LeafKey, leaf: Leaf) -> MatchResult {
        var rootID = clusters[id].root.map(resolve) ?? id
        if rootID != id, clusters[rootID].leafKey != key || similarity(clusters[rootID], tokens) < config.similarityThreshold {
            rootID = id
        }
        let root = clusters[rootID]
        var diff: [Int32] = []
        for i in 0..<tokens.count where !root.isVariable[i] && root.hashes[i] != tokens.hash[i] { diff.append(Int32(i)) }
        // A number where the template has a word is evidence enough that the position varies.
        var ready = diff.contains { tokens.isVariable[Int($0)] }
        if !ready {
            ready = true
            for p in diff {
                var seen = root.values[p] ?? [root.hashes[Int(p)]]
                if !seen.contains(tokens.hash[Int(p)]) { seen.append(tokens.hash[Int(p)]) }
                root.values[p] = seen
                if seen.count < config.minDistinctValues && seen.count < valuesNeeded(Int(p), tokens, message, root) { ready = false }
            }
        }
        changed.insert(rootID)
        if ready {
            let survivor = generalize(rootID, at: diff, in: leaf)
            clusters[survivor].count += 1
            clusters[survivor].sessionCount += 1
            changed.insert(survivor)
            return MatchResult(id: TemplateID(survivor + 1), kind: .generalized)
        }
        placements.created += 1
        let created = create(from: tokens, message: message, key: key, leaf: leaf, inheriting: root.isVariable)
        clusters[created].root = rootID
        root.siblings.append(created)
        return MatchResult(id: TemplateID(created + 1), kind: .created)
    }

    /// Distinct values the position `p` needs to become a variable, given how the message's word
    /// and the template's (`root`) look (`ValueEvidence`): 2 when either has the shape of a value
    /// or follows `=`; `afterKeyNoun` after a noun that names a value; otherwise `minDistinctValues`.
    private func valuesNeeded(_ p: Int, _ tokens: TokenBuffer, _ message: UnsafeBufferPointer<UInt8>, _ root: Cluster) -> Int {
        if looksLikeValue(p, tokens, message, root) { return 2 }
        let e = config.valueEvidence
        if e.afterKeyNoun > 0, p > 0, !root.isVariable[p - 1], let base = message.baseAddress {
            let k = Int(tokens.start[p - 1])
            let key = String(decoding: UnsafeBufferPointer(start: base + k, count: Int(tokens.end[p - 1]) - k), as: UTF8.self)
            if Int(tokens.start[p]) > Int(tokens.end[p - 1]), ValueEvidence.keyNouns.contains(key.lowercased()) { return e.afterKeyNoun }
        }
        return config.minDistinctValues
    }

    /// Whether the word at `p` of the message, where template `root` has another word, has the
    /// shape of a value or follows `=` (`ValueEvidence`).
    private func looksLikeValue(_ p: Int, _ tokens: TokenBuffer, _ message: UnsafeBufferPointer<UInt8>, _ root: Cluster) -> Bool {
        let e = config.valueEvidence
        guard let base = message.baseAddress else { return false }
        let s = Int(tokens.start[p])
        let word = UnsafeBufferPointer(start: base + s, count: Int(tokens.end[p]) - s)
        var other = root.tokens[p]
        return other.withUTF8 { old in
            if e.hosts && (ValueShape.isHost(word) || ValueShape.isHost(old)) { return true }
            if e.joined && (ValueShape.isJoined(word) || ValueShape.isJoined(old)) { return true }
            if e.symbols && ValueShape.isSymbol(word) && ValueShape.isSymbol(old) { return true }
            if e.dottedNames && (ValueShape.isDottedName(word) || ValueShape.isDottedName(old)) { return true }
            if e.calendar && ValueShape.isCalendarWord(word) && ValueShape.isCalendarWord(old) { return true }
            return e.keyValue && s > 0 && base[s - 1] == UInt8(ascii: "=")
        }
    }

    /// Whether the message's first token, a constant, has the shape of a value
    /// (`MinerConfig.valueFirstTokens`): it then routes to the wildcard branch.
    @inline(__always)
    private func firstIsValue(_ tokens: TokenBuffer, _ message: UnsafeBufferPointer<UInt8>) -> Bool {
        guard config.valueFirstTokens, tokens.count > 0, !tokens.isVariable[0], let base = message.baseAddress else { return false }
        let s = Int(tokens.start[0])
        return ValueShape.isDottedName(UnsafeBufferPointer(start: base + s, count: Int(tokens.end[0]) - s))
    }

    @inline(__always)
    private func similarity(_ c: Cluster, _ tokens: TokenBuffer) -> Double {
        let n = tokens.count
        guard n > 0 else { return 1 }
        let alike = config.variablesAlike
        var same = 0
        for i in 0..<n where c.isVariable[i] ? alike && tokens.isVariable[i] : c.hashes[i] == tokens.hash[i] { same += 1 }
        return Double(same) / Double(n)
    }

    private func resolve(_ i: Int) -> Int {
        var r = i
        while let next = clusters[r].mergedInto { r = next }
        return r
    }

    @discardableResult
    public func add(_ message: String) -> MatchResult {
        var copy = message
        return copy.withUTF8 { add($0) }
    }

    /// The template a message would join, without changing anything. Nil when none is close enough.
    public func match(_ message: String) -> TemplateID? {
        var copy = message
        return copy.withUTF8 { buf in
            let tokens = TokenBuffer(capacity: scratch.capacity)
            tokenizer.tokenize(buf, into: tokens)
            let key = tree.route(tokens, maxChildren: config.maxChildren, firstIsValue: firstIsValue(tokens, buf))
            guard let leaf = tree.leaves[key] else { return nil }
            if let id = exact(tokens, in: leaf) { return TemplateID(id + 1) }
            return mostSimilar(tokens, in: leaf).map { TemplateID($0.0 + 1) }
        }
    }

    /// The variable values of `message` at the variable positions of template `id`.
    public func parameters(of message: String, for id: TemplateID) -> [String] {
        guard let c = cluster(id) else { return [] }
        var copy = message
        return copy.withUTF8 { buf in
            let tokens = TokenBuffer(capacity: scratch.capacity)
            tokenizer.tokenize(buf, into: tokens)
            guard tokens.count == c.isVariable.count, let base = buf.baseAddress else { return [] }
            var out: [String] = []
            for i in 0..<tokens.count where c.isVariable[i] {
                let s = Int(tokens.start[i])
                out.append(String(decoding: UnsafeBufferPointer(start: base + s, count: Int(tokens.end[i]) - s), as: UTF8.self))
            }
            return out
        }
    }

    /// Calls `body` with the token position and bytes of each variable of the message that the
    /// last `add` mined, as the template now stands. Valid only until the next `add`.
    ///
    /// When that `add` turned constant positions into variables, `body` is also called once per
    /// record that this miner had placed with the constant there (since it was made or restored),
    /// with the constant: a position that generalises keeps the values it had (`user=root` seen
    /// 40 times, then `user=guest`: the position reports root 40 times and guest once).
    public func forEachVariableOfLastAdd(_ result: MatchResult, in message: UnsafeBufferPointer<UInt8>, _ body: (Int, UnsafeBufferPointer<UInt8>) -> Void) {
        guard let base = message.baseAddress else { return }
        let c = clusters[resolve(result.id.rawValue - 1)]
        guard c.isVariable.count == scratch.count else { return }
        for i in 0..<scratch.count where c.isVariable[i] {
            let s = Int(scratch.start[i])
            body(i, UnsafeBufferPointer(start: base + s, count: Int(scratch.end[i]) - s))
        }
        guard result.kind == .generalized else { return }
        for (p, value, n) in recovered where p < c.isVariable.count && c.isVariable[p] {
            var v = value
            v.withUTF8 { bytes in for _ in 0..<n { body(p, bytes) } }
        }
    }

    /// Ids of templates whose stored form changed since the last call. A count that grew by exact
    /// matches alone does not count as a change: stores keep counts per deployment themselves,
    /// and rewriting every matched template per batch would dominate indexing.
    public func takeChanged() -> [TemplateID] {
        defer { changed.removeAll(keepingCapacity: true) }
        return changed.sorted().map { TemplateID($0 + 1) }
    }

    // MARK: Reading templates

    /// The id a (possibly merged) id now stands for.
    public func resolve(_ id: TemplateID) -> TemplateID {
        var i = id.rawValue - 1
        guard i >= 0, i < clusters.count else { return id }
        while let next = clusters[i].mergedInto { i = next }
        return TemplateID(i + 1)
    }

    public func template(_ id: TemplateID) -> Template? {
        guard let c = cluster(id) else { return nil }
        return Template(id: TemplateID(c.id + 1), text: c.text, tokenCount: c.tokens.count, count: c.count)
    }

    /// Live templates, most frequent first (ties by id).
    public var templates: [Template] {
        clusters.filter { $0.mergedInto == nil }
            .map { Template(id: TemplateID($0.id + 1), text: $0.text, tokenCount: $0.tokens.count, count: $0.count) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.id < $1.id }
    }

    private func cluster(_ id: TemplateID) -> Cluster? {
        let r = resolve(id).rawValue - 1
        return r >= 0 && r < clusters.count ? clusters[r] : nil
    }

    // MARK: Matching internals

    private func exact(_ tokens: TokenBuffer, in leaf: Leaf) -> Int? {
        for table in leaf.masks {
            guard let id = table.byHash[table.key(of: tokens)] else { continue }
            if constantsEqual(clusters[id], tokens) { return id }
        }
        return nil
    }

    @inline(__always)
    private func constantsEqual(_ c: Cluster, _ tokens: TokenBuffer) -> Bool {
        for i in 0..<tokens.count where !c.isVariable[i] && c.hashes[i] != tokens.hash[i] { return false }
        return true
    }

    /// The most similar template of the leaf at or above the threshold, newest first, bounded.
    private func mostSimilar(_ tokens: TokenBuffer, in leaf: Leaf) -> (Int, Double)? {
        let n = tokens.count
        guard n > 0 else { return leaf.clusterIDs.last.map { ($0, 1) } }
        // Counts of equal constants: a candidate is dropped as soon as it can no longer beat the
        // best so far or reach the threshold (most candidates of a busy leaf differ early).
        let threshold = Int((config.similarityThreshold * Double(n)).rounded(.up))
        var bestSame = threshold - 1
        var bestRow: Int?
        let alike = config.variablesAlike
        let rows = leaf.clusterIDs.count
        let stop = max(0, rows - config.maxCandidates)
        leaf.rowHashes.withUnsafeBufferPointer { h in
            leaf.rowVariable.withUnsafeBufferPointer { v in
                var k = rows - 1
                while k >= stop {
                    let same = Self.equalConstants(h.baseAddress! + k * n, v.baseAddress! + k * n, tokens, needing: bestSame + 1, alike: alike)
                    if same > bestSame {
                        bestSame = same
                        bestRow = k
                    }
                    k -= 1
                }
            }
        }
        return bestRow.map { (leaf.clusterIDs[$0], Double(bestSame) / Double(n)) }
    }

    /// Positions where a template's row has a constant equal to the message's token (or, with
    /// `alike`, a variable where the message has one too); gives up (returns a smaller number)
    /// once `needing` is out of reach.
    @inline(__always)
    private static func equalConstants(_ h: UnsafePointer<UInt64>, _ v: UnsafePointer<Bool>, _ tokens: TokenBuffer, needing: Int, alike: Bool) -> Int {
        let n = tokens.count
        let t = tokens.hash
        let tv = tokens.isVariable
        var same = 0
        for i in 0..<n {
            if v[i] ? alike && tv[i] : h[i] == t[i] { same += 1 }
            if same + (n - 1 - i) < needing { return same }
        }
        return same
    }

    // MARK: Mutation internals

    private func create(from tokens: TokenBuffer, message: UnsafeBufferPointer<UInt8>, key: LeafKey, leaf: Leaf, inheriting mask: [Bool]?) -> Int {
        let id = clusters.count
        let n = tokens.count
        var texts: [String] = []
        var seps: [String] = []
        texts.reserveCapacity(n)
        seps.reserveCapacity(n + 1)
        var previousEnd = 0
        let base = message.baseAddress!
        for i in 0..<n {
            let s = Int(tokens.start[i])
            let e = Int(tokens.end[i])
            seps.append(Self.text(base, previousEnd, s))
            texts.append(Self.text(base, s, e))
            previousEnd = e
        }
        // Trailing whitespace is no part of a template: `a b ` and `a b` are one template, written `a b`.
        var last = message.count
        while last > previousEnd, ByteClass.pointer[Int(base[last - 1])] & ByteClass.space != 0 { last -= 1 }
        seps.append(Self.text(base, previousEnd, last))
        let c = Cluster(
            id: id, leafKey: key,
            hashes: Array(UnsafeBufferPointer(start: tokens.hash, count: n)),
            isVariable: mask.map { m in (0..<n).map { m[$0] || tokens.isVariable[$0] } }
                ?? Array(UnsafeBufferPointer(start: tokens.isVariable, count: n)),
            tokens: texts, separators: seps, count: 1)
        c.sessionCount = 1
        clusters.append(c)
        insert(c, into: leaf)
        changed.insert(id)
        return id
    }

    private static func text(_ base: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> String {
        e > s ? String(decoding: UnsafeBufferPointer(start: base + s, count: e - s), as: UTF8.self) : ""
    }

    private func insert(_ c: Cluster, into leaf: Leaf) {
        leaf.append(c)
        let table = leaf.table(for: c.isVariable)
        table.byHash[c.constantHash(at: table.constantPositions)] = c.id
    }

    /// Makes `positions` of cluster `id` variables. Returns the id that now holds the template:
    /// another, older one when the result equals an existing template.
    private func generalize(_ id: Int, at positions: [Int32], in leaf: Leaf) -> Int {
        let c = clusters[id]
        var newMask = c.isVariable
        for p in positions { newMask[Int(p)] = true }
        guard newMask != c.isVariable else { return id }
        for p in positions where !c.isVariable[Int(p)] && c.sessionCount > 0 { recovered.append((Int(p), c.tokens[Int(p)], c.sessionCount)) }
        let oldTable = leaf.table(for: c.isVariable)
        let oldKey = c.constantHash(at: oldTable.constantPositions)
        if oldTable.byHash[oldKey] == id { oldTable.byHash[oldKey] = nil }
        c.isVariable = newMask
        leaf.update(c)
        changed.insert(id)
        let table = leaf.table(for: newMask)
        let key = c.constantHash(at: table.constantPositions)
        if let other = table.byHash[key], other != id {
            leaf.dropEmptyTables()
            return absorb(max(other, id), into: min(other, id), in: leaf)
        }
        table.byHash[key] = id
        leaf.dropEmptyTables()
        return absorbSiblings(of: id, in: leaf)
    }

    /// After a root generalised, its near-miss templates that now fit it join it.
    private func absorbSiblings(of id: Int, in leaf: Leaf) -> Int {
        let c = clusters[id]
        var keep: [Int] = []
        for s in c.siblings {
            let r = resolve(s)
            guard r != id, clusters[r].mergedInto == nil else { continue }
            let sib = clusters[r]
            var fits = sib.leafKey == c.leafKey
            for i in 0..<c.hashes.count where fits && !c.isVariable[i] {
                fits = !sib.isVariable[i] && sib.hashes[i] == c.hashes[i]
            }
            if fits { _ = absorb(r, into: id, in: leaf) } else { keep.append(r) }
        }
        c.siblings = keep
        return id
    }

    /// Merges cluster `absorbed` into `survivor` (which keeps its id); returns the survivor.
    /// The absorbed id stays valid as an alias.
    private func absorb(_ absorbed: Int, into survivor: Int, in leaf: Leaf) -> Int {
        let a = clusters[absorbed]
        let s = clusters[survivor]
        let table = leaf.table(for: a.isVariable)
        let key = a.constantHash(at: table.constantPositions)
        if table.byHash[key] == absorbed { table.byHash[key] = nil }
        let survivorTable = leaf.table(for: s.isVariable)
        survivorTable.byHash[s.constantHash(at: survivorTable.constantPositions)] = survivor
        if a.sessionCount > 0 {
            for p in 0..<min(a.isVariable.count, s.isVariable.count) where s.isVariable[p] && !a.isVariable[p] {
                recovered.append((p, a.tokens[p], a.sessionCount))
            }
        }
        a.mergedInto = survivor
        s.count += a.count
        s.sessionCount += a.sessionCount
        changed.insert(absorbed)
        changed.insert(survivor)
        leaf.remove(absorbed)
        leaf.dropEmptyTables()
        return survivor
    }

    // MARK: State

    /// The whole state, for `MinerState` to serialise.
    func snapshot() -> [Cluster] { clusters }

    /// Rebuilds the tree from clusters in id order: the same order they were created in.
    func restore(_ restored: [Cluster]) {
        clusters = restored
        tree = PrefixTree()
        for c in clusters where c.mergedInto == nil { insert(c, into: tree.leaf(for: c.leafKey)) }
    }
}
