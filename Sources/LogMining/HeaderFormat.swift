/// What a header field means to the miner.
public enum FieldRole: String, Sendable, Equatable, Codable {
    case date, time, timestamp, level, component, content, other

    init(fieldName: String) {
        switch fieldName.lowercased() {
        case "date", "day", "month", "year": self = .date
        case "time": self = .time
        case "timestamp", "datetime", "ts", "asctime": self = .timestamp
        case "level", "severity", "loglevel", "levelname", "priority": self = .level
        case "component", "logger", "name", "module", "source", "class", "category": self = .component
        case "content", "message", "msg": self = .content
        default: self = .other
        }
    }
}

/// A header format in logparser's syntax: `<Date> <Time> <Level> <Component>: <Content>`.
///
/// logparser's format is a regular expression around `<Field>` names; this reads the part of that
/// syntax header formats use, and refuses the rest with its position:
/// - each `<Name>` is a field matched lazily (as logparser's `(?P<Name>.*?)`);
/// - a run of spaces (or `\s`, `\s+`) matches one or more spaces or tabs, ` *` / `\s*` zero or more;
/// - `\x` is the literal `x` (`\[`, `\|`, `\(`), `\d` a digit, `.` any byte; a bracket right
///   before a field (`[<Thread>]`) is literal too;
/// - `( ... )?` (or `(?: ... )?`) is optional, `( ... )` a plain group; groups nest.
/// Optional groups are expanded into alternatives (present first, as a greedy `?` tries), each
/// compiled into the same flat matcher; a field outside an alternative is empty.
///
/// Fields are checked by role so that continuation lines (stack frames, dumps) are not mistaken
/// for headers: a date or time must contain a digit or be a month or weekday name, a level must be
/// one short word, and no field may be empty or start with a space.
public struct HeaderFormat: Sendable, Equatable {
    enum Atom: Equatable, Sendable {
        case spaces
        case optionalSpaces
        case anyByte
        case digit
        case byte(UInt8)
    }

    enum Part: Equatable, Sendable {
        case literal([Atom])
        case field(Int)
    }

    /// The format as parsed, before optional groups are expanded.
    indirect enum Node: Equatable, Sendable {
        case atom(Atom)
        case field(Int)
        case group([Node], optional: Bool)
    }

    public struct Field: Sendable, Equatable {
        public let name: String
        public let role: FieldRole
    }

    /// One way the format can match: its parts flattened into integers, matched through one
    /// pointer. Matching runs on every line, and walking enums with array payloads cost a retain
    /// and release per step (a quarter of the reader thread, perf on bench/index_speed.py). Per part
    /// 3 entries (field index or -1, first atom, end of atoms), then the atoms (a byte, or one of the
    /// atom codes), then a `RoleCode` per field from `rolesBase`.
    struct Alternative: Sendable, Equatable {
        let program: [Int32]
        let partCount: Int
        let rolesBase: Int
    }

    public let source: String
    public let fields: [Field]
    /// Index of the `<Content>` field (or `<Message>`, `<Msg>`): every format has one.
    public let contentField: Int
    private let alternatives: [Alternative]
    /// At most this many alternatives (2 to the number of optional groups): each costs a match attempt.
    static let maxAlternatives = 16
    private static let spacesCode: Int32 = 256
    private static let optionalSpacesCode: Int32 = 257
    private static let anyByteCode: Int32 = 258
    private static let digitCode: Int32 = 259

    private enum RoleCode: Int32 {
        case content, dateOrTime, level, other
        init(_ r: FieldRole) {
            switch r {
            case .content: self = .content
            case .date, .time, .timestamp: self = .dateOrTime
            case .level: self = .level
            case .component, .other: self = .other
            }
        }
    }

    public init(_ format: String) throws {
        source = format
        var parser = Parser(format: format, bytes: Array(format.utf8))
        let nodes = try parser.sequence(depth: 0)
        guard !parser.fields.isEmpty else {
            throw LogMiningError.invalidLogFormat(format: format, reason: "it has no <Field>")
        }
        // Without a content field every line would be a whole message: headers, timestamps and
        // all, so no two records would share a template.
        guard let content = parser.fields.firstIndex(where: { $0.role == .content }) else {
            throw LogMiningError.invalidLogFormat(
                format: format, reason: "it has no <Content> field; the format must contain <Content> where the message is")
        }
        fields = parser.fields
        contentField = content
        let expanded = Self.expand(nodes)
        guard expanded.count <= Self.maxAlternatives else {
            throw LogMiningError.invalidLogFormat(
                format: format, reason: "more than \(Self.maxAlternatives) ways to match (too many optional groups); make some groups required")
        }
        alternatives = try expanded.map { flat in
            let parts = Self.parts(flat)
            for (a, b) in zip(parts, parts.dropFirst()) {
                if case .field = a, case .field = b {
                    throw LogMiningError.invalidLogFormat(
                        format: format, reason: "two fields with nothing between them cannot be told apart; put a literal (a space, a bracket) between them")
                }
            }
            return Self.compile(parts, parser.fields)
        }
    }

    /// Reads the format's bytes into nodes, refusing what it does not support with the position.
    private struct Parser {
        let format: String
        let bytes: [UInt8]
        var i = 0
        var fields: [Field] = []

        mutating func sequence(depth: Int) throws -> [Node] {
            var out: [Node] = []
            while i < bytes.count {
                let b = bytes[i]
                switch b {
                case UInt8(ascii: ")"):
                    guard depth > 0 else { throw unsupported("an unmatched ')'", "escape it as '\\)'") }
                    return out
                case UInt8(ascii: "("):
                    i += 1
                    if i + 1 < bytes.count, bytes[i] == UInt8(ascii: "?"), bytes[i + 1] == UInt8(ascii: ":") { i += 2 }
                    let inner = try sequence(depth: depth + 1)
                    guard i < bytes.count, bytes[i] == UInt8(ascii: ")") else { throw unsupported("a '(' without its ')'", "close the group") }
                    i += 1
                    let optional = i < bytes.count && bytes[i] == UInt8(ascii: "?")
                    if optional { i += 1 }
                    out.append(.group(inner, optional: optional))
                case UInt8(ascii: "<") where fieldEnd() != nil:
                    let close = fieldEnd()!
                    let name = String(decoding: bytes[(i + 1)..<close], as: UTF8.self)
                    if fields.contains(where: { $0.name == name }) { throw unsupported("field <\(name)> a second time", "name each field once") }
                    fields.append(Field(name: name, role: FieldRole(fieldName: name)))
                    out.append(.field(fields.count - 1))
                    i = close + 1
                case UInt8(ascii: " "), 9:
                    while i < bytes.count, bytes[i] == UInt8(ascii: " ") || bytes[i] == 9 { i += 1 }
                    out.append(.atom(try spacesQuantified()))
                case UInt8(ascii: "\\"):
                    guard i + 1 < bytes.count else { throw unsupported("a '\\' at the end", "remove it, or escape it as '\\\\'") }
                    let next = bytes[i + 1]
                    i += 2
                    switch next {
                    case UInt8(ascii: "s"): out.append(.atom(try spacesQuantified()))
                    case UInt8(ascii: "t"): out.append(.atom(.byte(9)))
                    case UInt8(ascii: "d"): out.append(.atom(.digit))
                    case UInt8(ascii: "w"), UInt8(ascii: "W"), UInt8(ascii: "S"), UInt8(ascii: "D"), UInt8(ascii: "b"), UInt8(ascii: "B"):
                        i -= 2
                        throw unsupported("the class '\\\(Character(UnicodeScalar(next)))'", "use a <Field> for the varying part")
                    default: out.append(.atom(.byte(next)))
                    }
                case UInt8(ascii: "."):
                    i += 1
                    out.append(.atom(.anyByte))
                case UInt8(ascii: "^") where i == 0:
                    i += 1
                case UInt8(ascii: "$") where i == bytes.count - 1:
                    i += 1
                case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"), UInt8(ascii: "{"):
                    throw unsupported("the quantifier '\(Character(UnicodeScalar(b)))'", "use a <Field> for a part that varies in length, ( ... )? for an optional part, or escape it as '\\\(Character(UnicodeScalar(b)))'")
                case UInt8(ascii: "[") where i + 1 < bytes.count && bytes[i + 1] != UInt8(ascii: "<"):
                    // `[<Thread>]` reads as the literal brackets it is meant as; `[a-z]` is a class.
                    throw unsupported("a character class '['", "use a <Field> for the varying part, or escape it as '\\['")
                case UInt8(ascii: "|"):
                    throw unsupported("the alternation '|'", "write one format per layout, or escape it as '\\|' for a literal bar")
                default:
                    i += 1
                    out.append(.atom(.byte(b)))
                }
            }
            guard depth == 0 else { throw unsupported("a '(' without its ')'", "close the group") }
            return out
        }

        /// The index of the `>` closing a field name starting at `i`, if the name is a word.
        func fieldEnd() -> Int? {
            guard let close = bytes[(i + 1)...].firstIndex(of: UInt8(ascii: ">")), close > i + 1,
                bytes[(i + 1)..<close].allSatisfy({ ByteClass.table[Int($0)] & (ByteClass.alpha | ByteClass.digit) != 0 || $0 == UInt8(ascii: "_") })
            else { return nil }
            return close
        }

        /// Spaces just read, with the quantifier after them (`+`: one or more, as without; `*`: optional).
        mutating func spacesQuantified() throws -> Atom {
            guard i < bytes.count else { return .spaces }
            if bytes[i] == UInt8(ascii: "+") {
                i += 1
                return .spaces
            }
            if bytes[i] == UInt8(ascii: "*") {
                i += 1
                return .optionalSpaces
            }
            return .spaces
        }

        func unsupported(_ what: String, _ fix: String) -> LogMiningError {
            .invalidLogFormat(format: format, reason: "\(what) at position \(i + 1) is not supported; \(fix)")
        }
    }

    /// Every way the nodes can match, optional groups present first.
    static func expand(_ nodes: [Node]) -> [[Node]] {
        var out: [[Node]] = [[]]
        for n in nodes {
            switch n {
            case .atom, .field: out = out.map { $0 + [n] }
            case .group(let inner, let optional):
                let ways = expand(inner) + (optional ? [[]] : [])
                out = out.flatMap { prefix in ways.map { prefix + $0 } }
            }
            if out.count > maxAlternatives { return out }
        }
        return out
    }

    /// Flat nodes (no groups) as literal and field parts; consecutive space atoms merge.
    static func parts(_ flat: [Node]) -> [Part] {
        var parts: [Part] = []
        var atoms: [Atom] = []
        for n in flat {
            switch n {
            case .atom(let a):
                if (a == .spaces || a == .optionalSpaces), let last = atoms.last, last == .spaces || last == .optionalSpaces {
                    atoms[atoms.count - 1] = a == .spaces || last == .spaces ? .spaces : .optionalSpaces
                } else {
                    atoms.append(a)
                }
            case .field(let f):
                if !atoms.isEmpty { parts.append(.literal(atoms)) }
                atoms = []
                parts.append(.field(f))
            case .group: break
            }
        }
        if !atoms.isEmpty { parts.append(.literal(atoms)) }
        return parts
    }

    private static func compile(_ parts: [Part], _ fields: [Field]) -> Alternative {
        var head: [Int32] = []
        var atoms: [Int32] = []
        let atomsBase = 3 * parts.count
        for p in parts {
            switch p {
            case .field(let f):
                head += [Int32(f), 0, 0]
            case .literal(let a):
                let first = Int32(atomsBase + atoms.count)
                for x in a {
                    switch x {
                    case .spaces: atoms.append(spacesCode)
                    case .optionalSpaces: atoms.append(optionalSpacesCode)
                    case .anyByte: atoms.append(anyByteCode)
                    case .digit: atoms.append(digitCode)
                    case .byte(let b): atoms.append(Int32(b))
                    }
                }
                head += [-1, first, Int32(atomsBase + atoms.count)]
            }
        }
        let rolesBase = atomsBase + atoms.count
        return Alternative(program: head + atoms + fields.map { RoleCode($0.role).rawValue }, partCount: parts.count, rolesBase: rolesBase)
    }

    /// True when the format is `<Content>` alone: every line is its own record.
    public var isContentOnly: Bool { fields.count == 1 && alternatives.count == 1 && alternatives[0].partCount == 1 }

    /// Matches `line`; on success `ranges` holds each field's start and end (2 entries per field;
    /// a field outside the alternative that matched is empty).
    func match(_ line: UnsafeBufferPointer<UInt8>, ranges: inout [Int]) -> Bool {
        if ranges.count != fields.count * 2 { ranges = [Int](repeating: 0, count: fields.count * 2) }
        for alt in alternatives {
            if alternatives.count > 1 { for k in ranges.indices { ranges[k] = 0 } }
            var budget = 64
            let parts = alt.partCount
            let rolesBase = alt.rolesBase
            let matched = alt.program.withUnsafeBufferPointer { p in
                ranges.withUnsafeMutableBufferPointer { r in
                    Self.match(Program(code: p.baseAddress!, parts: parts, rolesBase: rolesBase), part: 0, at: 0, line, r, &budget)
                }
            }
            if matched { return true }
        }
        return false
    }

    private struct Program {
        let code: UnsafePointer<Int32>
        let parts: Int
        let rolesBase: Int
    }

    private static func match(
        _ p: Program, part: Int, at pos: Int, _ line: UnsafeBufferPointer<UInt8>, _ ranges: UnsafeMutableBufferPointer<Int>, _ budget: inout Int
    ) -> Bool {
        guard part < p.parts else { return pos == line.count }
        let f = Int(p.code[3 * part])
        if f < 0 {
            guard let end = literal(p, part, line, at: pos) else { return false }
            return match(p, part: part + 1, at: end, line, ranges, &budget)
        }
        guard part + 1 < p.parts, p.code[3 * (part + 1)] < 0 else {
            ranges[2 * f] = pos
            ranges[2 * f + 1] = line.count
            return valid(p, f, line, pos, line.count)
        }
        // The literal after the field starts with `first`: bytes that cannot start it are skipped
        // without trying the whole literal (fields are scanned byte by byte).
        // The budget is read only there too: it bounds backtracking, and reading it through
        // `inout` per byte was most of the scan.
        let first = p.code[Int(p.code[3 * (part + 1) + 1])]
        let n = line.count
        var q = pos + 1
        while q < n {
            let b = line[q]
            let mayStart =
                switch first {
                case spacesCode: b == UInt8(ascii: " ") || b == 9
                case optionalSpacesCode, anyByteCode: true
                case digitCode: b &- UInt8(ascii: "0") < 10
                default: Int32(b) == first
                }
            if mayStart, budget <= 0 { return false }
            if mayStart, let end = literal(p, part + 1, line, at: q) {
                budget -= 1
                guard valid(p, f, line, pos, q) else { return false }
                ranges[2 * f] = pos
                ranges[2 * f + 1] = q
                if match(p, part: part + 2, at: end, line, ranges, &budget) { return true }
            }
            q += 1
        }
        return false
    }

    @inline(__always)
    private static func literal(_ p: Program, _ part: Int, _ line: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        var i = start
        for k in Int(p.code[3 * part + 1])..<Int(p.code[3 * part + 2]) {
            let atom = p.code[k]
            switch atom {
            case spacesCode, optionalSpacesCode:
                let s = i
                while i < line.count, line[i] == UInt8(ascii: " ") || line[i] == 9 { i += 1 }
                if i == s, atom == spacesCode { return nil }
            case anyByteCode:
                guard i < line.count else { return nil }
                i += 1
            case digitCode:
                guard i < line.count, line[i] &- UInt8(ascii: "0") < 10 else { return nil }
                i += 1
            default:
                guard i < line.count, Int32(line[i]) == atom else { return nil }
                i += 1
            }
        }
        return i
    }

    private static func valid(_ p: Program, _ f: Int, _ line: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        let role = RoleCode(rawValue: p.code[p.rolesBase + f]) ?? .other
        if role == .content { return true }
        guard e > s, line[s] != UInt8(ascii: " "), line[s] != 9 else { return false }
        let table = ByteClass.pointer
        switch role {
        case .dateOrTime:
            var digit = false
            var alpha = 0
            for i in s..<e {
                let c = table[Int(line[i])]
                if c & ByteClass.digit != 0 { digit = true; break }
                if c & ByteClass.alpha != 0 { alpha += 1 }
            }
            return digit || (alpha == e - s && alpha >= 3 && alpha <= 9)
        case .level:
            guard e - s <= 10 else { return false }
            for i in s..<e where table[Int(line[i])] & ByteClass.alpha == 0 { return false }
            return true
        case .content, .other:
            return true
        }
    }
}
