/// A compact text form of `MinerState.StoredTemplate`, for stores that write templates often:
/// Foundation's JSON coder spent more time on these than mining did (perf, bench/speed.py).
///
/// Fields are length-prefixed (`<length>:<bytes>`), so any text (including separators and
/// control bytes from logs) round-trips without escaping.
extension MinerState.StoredTemplate {
    static let codecVersion = "t1"

    public func compactEncoded() -> String {
        var w = Writer()
        w.field(Self.codecVersion)
        w.field(String(tokenCount))
        w.field(String(first, radix: 16))
        w.field(hashes.map { String($0, radix: 16) }.joined(separator: ","))
        w.field(String(variable.map { $0 ? "1" : "0" }))
        w.field(String(tokens.count))
        for t in tokens { w.field(t) }
        for s in separators { w.field(s) }
        w.field(String(count))
        w.field(mergedInto.map(String.init) ?? "")
        w.field(root.map(String.init) ?? "")
        w.field(siblings.map(String.init).joined(separator: ","))
        w.field(values.sorted { $0.key < $1.key }.map { "\($0.key)=" + $0.value.map { String($0, radix: 16) }.joined(separator: ",") }.joined(separator: ";"))
        return w.out
    }

    public init(compact: String) throws {
        var r = Reader(Array(compact.utf8))
        guard try r.field() == Self.codecVersion else { throw LogMiningError.corruptState(reason: "unknown template encoding") }
        tokenCount = try r.int32()
        first = try r.hex()
        hashes = try r.list { try Reader.parseHex($0) }
        variable = try r.field().map { $0 == "1" }
        let n = try r.int()
        guard n == hashes.count, n == variable.count else { throw LogMiningError.corruptState(reason: "token arrays differ in length") }
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

    private struct Writer {
        var out = ""
        mutating func field(_ s: String) {
            out += String(s.utf8.count)
            out += ":"
            out += s
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
