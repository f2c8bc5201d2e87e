/// A compact text form of `MinerState.StoredTemplate`, for stores that write templates often:
/// Foundation's JSON coder spent more time on these than mining did (perf, bench/speed.py).
///
/// Fields are length-prefixed (`<length>:<bytes>`), so any text (including separators and
/// control bytes from logs) round-trips without escaping.
///
/// Version `t2` leaves the token hashes out (they were half of a template's bytes, and writing
/// templates a third of the store writer's time, perf on bench/index_speed.py): separators and
/// tokens joined are the message the template was created from, so the miner that restores the
/// state tokenizes them again (`TemplateMiner(state:)`). Only when the texts hold U+FFFD (bytes
/// that were not UTF-8, so the text is not the message) are the hashes kept. `t1`, which always
/// kept them, is still read.
extension MinerState.StoredTemplate {
    static let codecVersion = "t2"
    static let codecVersionWithHashes = "t1"

    /// Whether tokenizing `separators` and `tokens` joined gives back `hashes`.
    var textIsMessage: Bool {
        // U+FFFD is EF BF BD in UTF-8; templates are encoded whenever they change, so bytes are
        // searched, not scalars.
        func clean(_ s: String) -> Bool {
            var copy = s
            return copy.withUTF8 { b in
                guard b.count >= 3 else { return true }
                for i in 0..<(b.count - 2) where b[i] == 0xEF && b[i + 1] == 0xBF && b[i + 2] == 0xBD { return false }
                return true
            }
        }
        return tokens.allSatisfy(clean) && separators.allSatisfy(clean)
    }

    /// The message the template was created from.
    var message: String {
        var m = separators.first ?? ""
        for (i, t) in tokens.enumerated() {
            m += t
            if i + 1 < separators.count { m += separators[i + 1] }
        }
        return m
    }

    public func compactEncoded() -> String {
        var w = Writer()
        w.field(Self.codecVersion)
        w.field { $0.decimal(Int(tokenCount)) }
        w.field { $0.hex(first) }
        let keepHashes = !textIsMessage
        w.field { w in if keepHashes { w.list(hashes) { $0.hex($1) } } }
        w.field { w in for v in variable { w.byte(v ? UInt8(ascii: "1") : UInt8(ascii: "0")) } }
        w.field { $0.decimal(tokens.count) }
        for t in tokens { w.field(t) }
        for s in separators { w.field(s) }
        w.field { $0.decimal(count) }
        w.field { w in if let m = mergedInto { w.decimal(m) } }
        w.field { w in if let r = root { w.decimal(r) } }
        w.field { w in w.list(siblings) { $0.decimal($1) } }
        w.field { w in
            for (k, (position, hashes)) in values.sorted(by: { $0.key < $1.key }).enumerated() {
                if k > 0 { w.byte(UInt8(ascii: ";")) }
                w.decimal(Int(position))
                w.byte(UInt8(ascii: "="))
                w.list(hashes) { $0.hex($1) }
            }
        }
        return String(decoding: w.out, as: UTF8.self)
    }

    public init(compact: String) throws {
        var r = Reader(Array(compact.utf8))
        let version = try r.field()
        guard version == Self.codecVersion || version == Self.codecVersionWithHashes else {
            throw LogMiningError.corruptState(reason: "unknown template encoding '\(version.prefix(8))'")
        }
        tokenCount = try r.int32()
        first = try r.hex()
        // Empty in t2 unless kept: `TemplateMiner(state:)` recomputes them.
        hashes = try r.list { try Reader.parseHex($0) }
        variable = try r.field().map { $0 == "1" }
        let n = try r.int()
        guard hashes.isEmpty && version == Self.codecVersion || n == hashes.count, n == variable.count else {
            throw LogMiningError.corruptState(reason: "token arrays differ in length")
        }
        tokens = try (0..<n).map { _ in try r.field() }
        separators = try (0...n).map { _ in try r.field() }
        count = try r.int()
        mergedInto = try r.optionalInt()
        root = try r.optionalInt()
        siblings = try r.list { try Reader.parseInt($0) }
        var v: [Int32: [UInt64]] = [:]
        let valuesField = try r.field()
        if !valuesField.isEmpty {
            for entry in valuesField.split(separator: ";") {
                let parts = entry.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, let pos = Int32(parts[0]) else { throw LogMiningError.corruptState(reason: "bad values entry") }
                v[pos] = try parts[1].split(separator: ",").map { try Reader.parseHex(String($0)) }
            }
        }
        values = v
    }

    /// Writes bytes, not `String`s: templates are encoded whenever they change while indexing.
    private struct Writer {
        var out: [UInt8] = []
        private var scratch: [UInt8] = []

        init() { out.reserveCapacity(256) }

        mutating func field(_ s: String) {
            decimal(s.utf8.count)
            byte(UInt8(ascii: ":"))
            out.append(contentsOf: s.utf8)
        }

        /// A field whose bytes `body` writes: they go to a scratch buffer first, for the length prefix.
        mutating func field(_ body: (inout Writer) -> Void) {
            var inner = Writer()
            swap(&inner.out, &scratch)
            inner.out.removeAll(keepingCapacity: true)
            body(&inner)
            decimal(inner.out.count)
            byte(UInt8(ascii: ":"))
            out.append(contentsOf: inner.out)
            swap(&inner.out, &scratch)
        }

        mutating func byte(_ b: UInt8) { out.append(b) }

        mutating func list<T>(_ items: [T], _ write: (inout Writer, T) -> Void) {
            for (i, x) in items.enumerated() {
                if i > 0 { byte(UInt8(ascii: ",")) }
                write(&self, x)
            }
        }

        mutating func decimal(_ v: Int) {
            if v < 0 { byte(UInt8(ascii: "-")) }
            digits(v.magnitude, radix: 10)
        }

        mutating func hex(_ v: UInt64) { digits(UInt(v), radix: 16) }

        private mutating func digits(_ v: UInt, radix: UInt) {
            var buf: (UInt64, UInt64, UInt64) = (0, 0, 0)
            withUnsafeMutableBytes(of: &buf) { b in
                var n = v
                var i = b.count
                repeat {
                    i -= 1
                    let d = UInt8(n % radix)
                    b[i] = d < 10 ? 48 + d : 87 + d
                    n /= radix
                } while n > 0
                out.append(contentsOf: b[i...])
            }
        }
    }

    private struct Reader {
        let b: [UInt8]
        var i = 0
        init(_ b: [UInt8]) { self.b = b }

        mutating func field() throws -> String {
            var n = 0
            var digits = 0
            while i < b.count, b[i] &- 48 < 10 {
                n = n * 10 + Int(b[i] - 48)
                i += 1
                digits += 1
            }
            guard digits > 0, i < b.count, b[i] == UInt8(ascii: ":"), i + 1 + n <= b.count else {
                throw LogMiningError.corruptState(reason: "truncated template encoding")
            }
            let s = String(decoding: b[(i + 1)..<(i + 1 + n)], as: UTF8.self)
            i += 1 + n
            return s
        }

        mutating func int() throws -> Int { try Self.parseInt(try field()) }
        mutating func int32() throws -> Int32 {
            guard let v = Int32(try field()) else { throw LogMiningError.corruptState(reason: "bad number") }
            return v
        }
        mutating func hex() throws -> UInt64 { try Self.parseHex(try field()) }
        mutating func optionalInt() throws -> Int? {
            let f = try field()
            return f.isEmpty ? nil : try Self.parseInt(f)
        }
        mutating func list<T>(_ parse: (String) throws -> T) throws -> [T] {
            let f = try field()
            return f.isEmpty ? [] : try f.split(separator: ",").map { try parse(String($0)) }
        }

        static func parseInt(_ s: String) throws -> Int {
            guard let v = Int(s) else { throw LogMiningError.corruptState(reason: "bad number '\(s)'") }
            return v
        }
        static func parseHex(_ s: String) throws -> UInt64 {
            guard let v = UInt64(s, radix: 16) else { throw LogMiningError.corruptState(reason: "bad hash '\(s)'") }
            return v
        }
    }
}
