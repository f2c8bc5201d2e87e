/// Why a record was cut or skipped. Counted per reason so a summary can say what was lost.
public enum LimitReason: String, Codable, Sendable, CaseIterable, Comparable {
    /// The record was longer than `MinerLimits.maxRecordBytes`; the rest was dropped.
    case recordTooLong = "record-too-long"
    /// The message had more tokens than `MinerLimits.maxTokens`; the tail became one variable.
    case tooManyTokens = "too-many-tokens"
    /// The bytes were not valid UTF-8; they were kept, decoded lossily.
    case invalidUTF8 = "invalid-utf8"
    /// The record looked like binary data (NUL or many control bytes); it was skipped.
    case binary = "binary"
    /// The record had no message text.
    case empty = "empty"

    public static func < (a: LimitReason, b: LimitReason) -> Bool { a.rawValue < b.rawValue }
}

/// Per-reason counters.
public struct LimitCounts: Codable, Sendable, Equatable {
    public private(set) var counts: [LimitReason: Int] = [:]
    public init() {}
    public mutating func add(_ reason: LimitReason, _ n: Int = 1) { counts[reason, default: 0] += n }
    public subscript(reason: LimitReason) -> Int { counts[reason] ?? 0 }
    public var total: Int { counts.values.reduce(0, +) }
    public mutating func merge(_ other: LimitCounts) {
        for (k, v) in other.counts { add(k, v) }
    }
}
