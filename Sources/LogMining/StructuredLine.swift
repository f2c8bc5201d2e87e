/// Byte-level readers for one JSON object or logfmt line: they find the few keys the miner needs
/// without building a dictionary per record.
enum StructuredLine {
    struct Found {
        var message: Range<Int>?
        var messageEscaped = false
        var level: Range<Int>?
        var time: Range<Int>?
        var component: Range<Int>?
    }

    /// Key lists as byte arrays, compared without creating strings.
    struct Keys {
        let message: [[UInt8]], level: [[UInt8]], time: [[UInt8]], component: [[UInt8]]
        init(_ k: FieldKeys) {
            message = k.message.map { Array($0.utf8) }
            level = k.level.map { Array($0.utf8) }
            time = k.time.map { Array($0.utf8) }
            component = k.component.map { Array($0.utf8) }
        }
    }

    /// A key that is none of the roles, with its scalar value's range: the record's other fields.
    typealias Other = (UnsafeBufferPointer<UInt8>.SubSequence, Range<Int>) -> Void

    static func assign(
        _ key: UnsafeBufferPointer<UInt8>.SubSequence, _ value: Range<Int>, escaped: Bool, _ keys: Keys, _ f: inout Found, _ other: Other? = nil
    ) {
        func isOne(of list: [[UInt8]]) -> Bool { list.contains { $0.elementsEqual(key) } }
        if f.message == nil, isOne(of: keys.message) {
            f.message = value
            f.messageEscaped = escaped
        } else if f.level == nil, isOne(of: keys.level) {
            f.level = value
        } else if f.time == nil, isOne(of: keys.time) {
            f.time = value
        } else if f.component == nil, isOne(of: keys.component) {
            f.component = value
        } else if let other, !(isOne(of: keys.message) || isOne(of: keys.level) || isOne(of: keys.time) || isOne(of: keys.component)) {
            other(key, value)
        }
    }

    /// Reads the top-level keys of a JSON object. Nil when the line is not a JSON object.
    static func json(_ line: UnsafeBufferPointer<UInt8>, _ keys: Keys, other: Other? = nil) -> Found? {
        var i = skipSpace(line, 0)
        guard i < line.count, line[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        var found = Found()
        while true {
            i = skipSpace(line, i)
            guard i < line.count else { return nil }
            if line[i] == UInt8(ascii: "}") { return found }
            if line[i] == UInt8(ascii: ",") { i += 1; continue }
            guard line[i] == UInt8(ascii: "\""), let (keyEnd, _) = stringEnd(line, i + 1) else { return nil }
            let key = line[(i + 1)..<keyEnd]
            i = skipSpace(line, keyEnd + 1)
            guard i < line.count, line[i] == UInt8(ascii: ":") else { return nil }
            i = skipSpace(line, i + 1)
            guard i < line.count else { return nil }
            if line[i] == UInt8(ascii: "\"") {
                guard let (end, escaped) = stringEnd(line, i + 1) else { return nil }
                assign(key, (i + 1)..<end, escaped: escaped, keys, &found, other)
                i = end + 1
            } else {
                let start = i
                guard let end = skipValue(line, i) else { return nil }
                var e = end
                while e > start, line[e - 1] == UInt8(ascii: " ") { e -= 1 }
                if line[start] != UInt8(ascii: "{"), line[start] != UInt8(ascii: "[") {
                    assign(key, start..<e, escaped: false, keys, &found, other)
                }
                i = end
            }
        }
    }

    /// Reads `key=value` pairs. Nil when the line has fewer than two pairs.
    static func logfmt(_ line: UnsafeBufferPointer<UInt8>, _ keys: Keys, other: Other? = nil) -> Found? {
        var found = Found()
        var pairs = 0
        var i = 0
        while i < line.count {
            i = skipSpace(line, i)
            let keyStart = i
            while i < line.count, line[i] != UInt8(ascii: "="), line[i] != UInt8(ascii: " ") { i += 1 }
            guard i < line.count, line[i] == UInt8(ascii: "="), i > keyStart else {
                while i < line.count, line[i] != UInt8(ascii: " ") { i += 1 }
                continue
            }
            let key = line[keyStart..<i]
            i += 1
            if i < line.count, line[i] == UInt8(ascii: "\"") {
                guard let (end, escaped) = stringEnd(line, i + 1) else { return nil }
                assign(key, (i + 1)..<end, escaped: escaped, keys, &found, other)
                i = end + 1
            } else {
                let s = i
                while i < line.count, line[i] != UInt8(ascii: " ") { i += 1 }
                assign(key, s..<i, escaped: false, keys, &found, other)
            }
            pairs += 1
        }
        return pairs >= 2 ? found : nil
    }

    static func skipSpace(_ l: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        var i = start
        while i < l.count, l[i] == UInt8(ascii: " ") || l[i] == 9 { i += 1 }
        return i
    }

    /// Index of the closing quote of a string whose first content byte is at `start`.
    static func stringEnd(_ l: UnsafeBufferPointer<UInt8>, _ start: Int) -> (Int, Bool)? {
        var i = start
        var escaped = false
        while i < l.count {
            let b = l[i]
            if b == UInt8(ascii: "\\") { escaped = true; i += 2; continue }
            if b == UInt8(ascii: "\"") { return (i, escaped) }
            i += 1
        }
        return nil
    }

    /// End of a non-string JSON value (number, literal, object, array) starting at `start`.
    static func skipValue(_ l: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        var depth = 0
        var i = start
        while i < l.count {
            let b = l[i]
            switch b {
            case UInt8(ascii: "\""):
                guard let (e, _) = stringEnd(l, i + 1) else { return nil }
                i = e
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 { return i }
                depth -= 1
                if depth == 0 { return i + 1 }
            case UInt8(ascii: ","): if depth == 0 { return i }
            default: break
            }
            i += 1
        }
        return nil
    }

    /// Decodes JSON string escapes of `src` into `out` (replacing its contents).
    static func unescape(_ src: UnsafeBufferPointer<UInt8>.SubSequence, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        var i = src.startIndex
        while i < src.endIndex {
            let b = src[i]
            guard b == UInt8(ascii: "\\"), i + 1 < src.endIndex else { out.append(b); i += 1; continue }
            let e = src[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "n"): out.append(10)
            case UInt8(ascii: "t"): out.append(9)
            case UInt8(ascii: "r"): out.append(13)
            case UInt8(ascii: "b"): out.append(8)
            case UInt8(ascii: "f"): out.append(12)
            case UInt8(ascii: "u"):
                guard i + 4 <= src.endIndex, let v = UInt32(String(decoding: src[i..<(i + 4)], as: UTF8.self), radix: 16) else {
                    out.append(UInt8(ascii: "u"))
                    continue
                }
                i += 4
                out.append(contentsOf: Array(String(Character(Unicode.Scalar(v) ?? "\u{FFFD}")).utf8))
            default: out.append(e)
            }
        }
    }
}
