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
    let parts: [Part]
    /// Index of the `<Content>` field, or nil when the format has none (then the whole line is the message).
    public let contentField: Int?

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
        self.fields = fields
        self.parts = parts
        contentField = fields.firstIndex { $0.role == .content }
    }

    /// True when the format is `<Content>` alone: every line is its own record.
    public var isContentOnly: Bool { fields.count == 1 && contentField == 0 && parts.count == 1 }

    /// Matches `line`; on success `ranges` holds each field's start and end (2 entries per field).
    func match(_ line: UnsafeBufferPointer<UInt8>, ranges: inout [Int]) -> Bool {
        if ranges.count != fields.count * 2 { ranges = [Int](repeating: 0, count: fields.count * 2) }
        var budget = 64
        return match(part: 0, at: 0, line, &ranges, &budget)
    }

    private func match(part: Int, at pos: Int, _ line: UnsafeBufferPointer<UInt8>, _ ranges: inout [Int], _ budget: inout Int) -> Bool {
        guard part < parts.count else { return pos == line.count }
        switch parts[part] {
        case .literal(let atoms):
            guard let end = Self.literal(atoms, line, at: pos) else { return false }
            return match(part: part + 1, at: end, line, &ranges, &budget)
        case .field(let f):
            guard part + 1 < parts.count, case .literal(let atoms) = parts[part + 1] else {
                ranges[2 * f] = pos
                ranges[2 * f + 1] = line.count
                return valid(f, line, pos, line.count)
            }
            var q = pos + 1
            while q < line.count, budget > 0 {
                if let end = Self.literal(atoms, line, at: q) {
                    budget -= 1
                    guard valid(f, line, pos, q) else { return false }
                    ranges[2 * f] = pos
                    ranges[2 * f + 1] = q
                    if match(part: part + 2, at: end, line, &ranges, &budget) { return true }
                }
                q += 1
            }
            return false
        }
    }

    private static func literal(_ atoms: [Atom], _ line: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        var i = start
        for atom in atoms {
            switch atom {
            case .spaces:
                let s = i
                while i < line.count, line[i] == UInt8(ascii: " ") || line[i] == 9 { i += 1 }
                if i == s { return nil }
            case .byte(let b):
                guard i < line.count, line[i] == b else { return nil }
                i += 1
            }
        }
        return i
    }

    private func valid(_ f: Int, _ line: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        let role = fields[f].role
        if role == .content { return true }
        guard e > s, line[s] != UInt8(ascii: " "), line[s] != 9 else { return false }
        switch role {
        case .date, .time, .timestamp:
            var digit = false
            var alpha = 0
            for i in s..<e {
                let c = ByteClass.table[Int(line[i])]
                if c & ByteClass.digit != 0 { digit = true; break }
                if c & ByteClass.alpha != 0 { alpha += 1 }
            }
            return digit || (alpha == e - s && alpha >= 3 && alpha <= 9)
        case .level:
            guard e - s <= 10 else { return false }
            for i in s..<e where ByteClass.table[Int(line[i])] & ByteClass.alpha == 0 { return false }
            return true
        default:
            return true
        }
    }
}
