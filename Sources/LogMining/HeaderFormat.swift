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
/// Each `<Name>` is a field matched lazily (as logparser's `(?P<Name>.*?)`), a run of spaces in the
/// format matches one or more spaces or tabs, and `\x` is the literal `x`. Fields are checked by
/// role so that continuation lines (stack frames, dumps) are not mistaken for headers: a date or
/// time must contain a digit or be a month or weekday name, a level must be one short word, and no
/// field may be empty or start with a space.
public struct HeaderFormat: Sendable, Equatable {
    enum Atom: Equatable, Sendable {
        case spaces
        case byte(UInt8)
    }

    enum Part: Equatable, Sendable {
        case literal([Atom])
        case field(Int)
    }

    public struct Field: Sendable, Equatable {
        public let name: String
        public let role: FieldRole
    }

    public let source: String
    public let fields: [Field]
    /// Literals and fields in order, as parsed; matching runs on `program`.
    private let partCount: Int
    /// Index of the `<Content>` field (or `<Message>`, `<Msg>`): every format has one.
    public let contentField: Int
    /// The parts and the fields' roles flattened into integers, matched through one pointer: matching
    /// runs on every line, and walking enums with array payloads cost a retain and release per
    /// step (a quarter of the reader thread, perf on bench/index_speed.py). Per part 3 entries
    /// (field index or -1, first atom, end of atoms), then the atoms (a byte, or `spacesCode`),
    /// then a `RoleCode` per field from `rolesBase`.
    private let program: [Int32]
    private let rolesBase: Int
    private static let spacesCode: Int32 = 256

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
        var parts: [Part] = []
        var fields: [Field] = []
        var atoms: [Atom] = []
        let bytes = Array(format.utf8)
        var i = 0
        func flushLiteral() {
            if !atoms.isEmpty { parts.append(.literal(atoms)) }
            atoms = []
        }
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "<"), let close = bytes[(i + 1)...].firstIndex(of: UInt8(ascii: ">")),
                close > i + 1, bytes[(i + 1)..<close].allSatisfy({ ByteClass.table[Int($0)] & (ByteClass.alpha | ByteClass.digit) != 0 || $0 == UInt8(ascii: "_") })
            {
                if case .field = parts.last, atoms.isEmpty {
                    throw LogMiningError.invalidLogFormat(format: format, reason: "two fields with nothing between them cannot be told apart")
                }
                flushLiteral()
                let name = String(decoding: bytes[(i + 1)..<close], as: UTF8.self)
                if fields.contains(where: { $0.name == name }) {
                    throw LogMiningError.invalidLogFormat(format: format, reason: "field <\(name)> appears twice")
                }
                fields.append(Field(name: name, role: FieldRole(fieldName: name)))
                parts.append(.field(fields.count - 1))
                i = close + 1
            } else if b == UInt8(ascii: " ") || b == 9 {
                if atoms.last != .spaces { atoms.append(.spaces) }
                i += 1
            } else if b == UInt8(ascii: "\\"), i + 1 < bytes.count {
                let next = bytes[i + 1]
                atoms.append(next == UInt8(ascii: "s") ? .spaces : next == UInt8(ascii: "t") ? .byte(9) : .byte(next))
                i += 2
            } else {
                atoms.append(.byte(b))
                i += 1
            }
        }
        flushLiteral()
        guard !fields.isEmpty else {
            throw LogMiningError.invalidLogFormat(format: format, reason: "it has no <Field>")
        }
        // Without a content field every line would be a whole message: headers, timestamps and
        // all, so no two records would share a template.
        guard let content = fields.firstIndex(where: { $0.role == .content }) else {
            throw LogMiningError.invalidLogFormat(
                format: format, reason: "it has no <Content> field; the format must contain <Content> where the message is")
        }
        self.fields = fields
        partCount = parts.count
        contentField = content
        (program, rolesBase) = Self.compile(parts, fields)
    }

    private static func compile(_ parts: [Part], _ fields: [Field]) -> ([Int32], Int) {
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
                    case .byte(let b): atoms.append(Int32(b))
                    }
                }
                head += [-1, first, Int32(atomsBase + atoms.count)]
            }
        }
        let rolesBase = atomsBase + atoms.count
        return (head + atoms + fields.map { RoleCode($0.role).rawValue }, rolesBase)
    }

    /// True when the format is `<Content>` alone: every line is its own record.
    public var isContentOnly: Bool { fields.count == 1 && contentField == 0 && partCount == 1 }

    /// Matches `line`; on success `ranges` holds each field's start and end (2 entries per field).
    func match(_ line: UnsafeBufferPointer<UInt8>, ranges: inout [Int]) -> Bool {
        if ranges.count != fields.count * 2 { ranges = [Int](repeating: 0, count: fields.count * 2) }
        var budget = 64
        let parts = partCount
        let rolesBase = rolesBase
        return program.withUnsafeBufferPointer { p in
            ranges.withUnsafeMutableBufferPointer { r in
                Self.match(Program(code: p.baseAddress!, parts: parts, rolesBase: rolesBase), part: 0, at: 0, line, r, &budget)
            }
        }
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
            let mayStart = first == spacesCode ? (b == UInt8(ascii: " ") || b == 9) : Int32(b) == first
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
            if atom == spacesCode {
                let s = i
                while i < line.count, line[i] == UInt8(ascii: " ") || line[i] == 9 { i += 1 }
                if i == s { return nil }
            } else {
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
