/// Severity of a record, normalised from the many spellings logs use.
/// In JSON and YAML a level is its name (`"ERROR"`), also as a dictionary key (`{"ERROR": 3}`).
public enum LogLevel: Int, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case unknown = 0, trace, debug, info, notice, warning, error, fatal

    public static func < (a: LogLevel, b: LogLevel) -> Bool { a.rawValue < b.rawValue }

    public var description: String {
        switch self {
        case .unknown: "UNKNOWN"
        case .trace: "TRACE"
        case .debug: "DEBUG"
        case .info: "INFO"
        case .notice: "NOTICE"
        case .warning: "WARN"
        case .error: "ERROR"
        case .fatal: "FATAL"
        }
    }

    /// Parses a level word as written in a log: `ERROR`, `err`, `W`, `Warning`, `crit`, ...
    public init(bytes: UnsafeBufferPointer<UInt8>) {
        var word: UInt64 = 0
        var n = 0
        for b in bytes where b != UInt8(ascii: " ") {
            guard n < 8 else { self = .unknown; return }
            let lower = (b >= 65 && b <= 90) ? b + 32 : b
            word = word << 8 | UInt64(lower)
            n += 1
        }
        self = LogLevel.byWord[word] ?? .unknown
    }

    public init(_ text: String) {
        var copy = text
        self = copy.withUTF8 { LogLevel(bytes: $0) }
    }

    private static let byWord: [UInt64: LogLevel] = {
        let words: [(String, LogLevel)] = [
            ("v", .trace), ("t", .trace), ("trace", .trace), ("trc", .trace), ("verbose", .trace), ("finest", .trace),
            ("finer", .trace), ("d", .debug), ("debug", .debug), ("dbg", .debug), ("fine", .debug),
            ("i", .info), ("info", .info), ("inf", .info), ("config", .info), ("n", .notice), ("notice", .notice),
            ("w", .warning), ("warn", .warning), ("warning", .warning), ("wrn", .warning),
            ("e", .error), ("error", .error), ("err", .error), ("severe", .error), ("failure", .error),
            ("f", .fatal), ("a", .fatal), ("fatal", .fatal), ("crit", .fatal), ("critical", .fatal),
            ("alert", .fatal), ("emerg", .fatal), ("panic", .fatal),
        ]
        var d: [UInt64: LogLevel] = [:]
        for (w, l) in words {
            var v: UInt64 = 0
            for b in w.utf8 { v = v << 8 | UInt64(b) }
            d[v] = l
        }
        return d
    }()
}

extension LogLevel: Codable, CodingKeyRepresentable {
    /// Any spelling `init(_:)` reads; a word that names no level is an error, not `.unknown`, so a
    /// policy's `minLevel: EROR` is refused instead of matching every record.
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let level = LogLevel(named: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a level; use TRACE, DEBUG, INFO, NOTICE, WARN, ERROR or FATAL"))
        }
        self = level
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    public var codingKey: CodingKey { LevelKey(stringValue: description) }

    public init?<T: CodingKey>(codingKey: T) { self.init(named: codingKey.stringValue) }

    /// The level a word names, `UNKNOWN` included; nil for a word that names none.
    public init?(named text: String) {
        let level = LogLevel(text)
        guard level != .unknown || text.uppercased() == LogLevel.unknown.description else { return nil }
        self = level
    }

    private struct LevelKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
