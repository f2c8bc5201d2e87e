import LogMining
import PatternStore

/// The values each template position took in one deployment: exact counts while a position shows
/// at most `limit` distinct values (status codes, exception types, enum-like words: what a diff
/// compares), and only a total beyond (ids, timestamps: nothing to compare value by value).
///
/// Kept for the whole index run and written as absolute rows for the positions a batch touched.
/// That is safe because one indexer per service runs at a time (the store's service lock), and it makes a
/// resumed run end with exactly the table a clean run gives.
public final class ValueTable {
    public static let limit = 16
    /// Every touched position is written, however few values it has seen: a run killed after a
    /// commit must find the values of what it committed, or its re-run ends short of a clean run
    /// (bench/crash_resume.py found counts 8 short where a position crossed a write threshold only
    /// after the kill). Readers skip positions with fewer values (`DeploymentSnapshot.minimumValueCount`).
    /// The value row that stands for a position with more than `limit` distinct values.
    public static let manyValue = DeploymentSnapshot.manyValue
    static let maxValueBytes = 128

    final class Position {
        /// Hashes of `texts`, searched linearly: at most `limit` of them, and a scan of 16 integers
        /// beats hashing into a dictionary per value.
        var hashes: [UInt64] = []
        var texts: [String] = []
        var counts: [Int] = []
        /// Set once the position has shown more than `limit` values: the total, values dropped.
        var many: Int?

        func add(_ bytes: UnsafeBufferPointer<UInt8>) {
            if let m = many {
                many = m + 1
                return
            }
            // Keyed by the text as stored (cut, invalid UTF-8 replaced), not by the whole value:
            // two values that store alike are one row, and a resumed run finds the stored row.
            let cut = UnsafeBufferPointer(rebasing: bytes.prefix(ValueTable.maxValueBytes))
            let ascii = ValueTable.isASCII(cut)
            let stored = ascii ? nil : String(decoding: cut, as: UTF8.self)
            let h = stored.map { StableHash.fnv1a($0.utf8) } ?? StableHash.fnv1a(cut)
            if let i = hashes.firstIndex(of: h) {
                counts[i] += 1
            } else if texts.count < ValueTable.limit {
                hashes.append(h)
                texts.append(stored ?? String(decoding: cut, as: UTF8.self))
                counts.append(1)
            } else {
                many = counts.reduce(1, +)
                hashes = []
                texts = []
                counts = []
            }
        }

        var rows: [(String, Int)] {
            if let m = many { return [(ValueTable.manyValue, m)] }
            return zip(texts, counts).map { ($0, $1) }
        }

        var total: Int { many ?? counts.reduce(0, +) }
    }

    /// A template's positions, indexed by token position, so a record's values cost no lookup.
    final class Template {
        let id: Int
        var positions: [Position?] = []
        /// Positions past the token range: `RecordAttribute`s.
        var attributes: [Int: Position] = [:]
        var dirtyEpoch = -1
        init(id: Int) { self.id = id }

        @inline(__always)
        func at(_ p: Int) -> Position {
            if p >= 1024 {
                if let x = attributes[p] { return x }
                let x = Position()
                attributes[p] = x
                return x
            }
            if p >= positions.count { positions += [Position?](repeating: nil, count: p + 1 - positions.count) }
            if let x = positions[p] { return x }
            let x = Position()
            positions[p] = x
            return x
        }
    }

    /// Whether every byte is ASCII: then the stored text is the bytes themselves (the common case,
    /// checked eight bytes at a time).
    @inline(__always)
    static func isASCII(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = b.baseAddress else { return true }
        var i = 0
        while i + 8 <= b.count {
            if UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i += 8
        }
        while i < b.count {
            if p[i] >= 0x80 { return false }
            i += 1
        }
        return true
    }

    private var templates: [Template?] = []
    private var dirty: [Template] = []
    private var epoch = 0

    public init() {}

    /// The template's values, marked as touched in this batch.
    @inline(__always)
    func template(_ id: Int) -> Template {
        if id >= templates.count { templates += [Template?](repeating: nil, count: id + 1 - templates.count) }
        let t: Template
        if let x = templates[id] { t = x } else {
            t = Template(id: id)
            templates[id] = t
        }
        if t.dirtyEpoch != epoch {
            t.dirtyEpoch = epoch
            dirty.append(t)
        }
        return t
    }

    func position(template id: Int, position p: Int) -> Position { template(id).at(p) }

    /// Rows as stored, to continue a deployment indexed before.
    func load(_ rows: [ValueRow]) {
        for r in rows { load(template: r.template, position: r.position, value: r.value, count: r.count) }
        clearDirty()
    }

    func load(template: Int, position: Int, value: String, count: Int) {
        let p = self.position(template: template, position: position)
        if value == Self.manyValue {
            p.many = count
            return
        }
        p.hashes.append(StableHash.fnv1a(value.utf8))
        p.texts.append(value)
        p.counts.append(count)
    }

    /// The rows of positions touched since the last call, keyed by (template, position).
    func takeDirty() -> [(template: Int, position: Int, rows: [(String, Int)])] {
        defer { clearDirty() }
        var out: [(template: Int, position: Int, rows: [(String, Int)])] = []
        for t in dirty.sorted(by: { $0.id < $1.id }) {
            for (p, x) in t.positions.enumerated() { if let x { out.append((t.id, p, x.rows)) } }
            for (p, x) in t.attributes.sorted(by: { $0.key < $1.key }) { out.append((t.id, p, x.rows)) }
        }
        return out
    }

    func clearDirty() {
        dirty.removeAll(keepingCapacity: true)
        epoch += 1
    }
}
