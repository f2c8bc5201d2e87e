/// One log record as the reader hands it over. Its buffers are valid only inside the callback
/// that receives it: the reader reuses them for the next record.
public struct Record {
    /// 1-based number of the record's first line in its source.
    public let lineNumber: Int
    /// Lines in the record: more than one when continuation lines (a stack trace) joined it.
    public let lineCount: Int
    /// The whole record, lines joined with `\n`, without the line terminators.
    public let text: UnsafeBufferPointer<UInt8>
    /// The message to mine: the `<Content>` of the first line, a structured line's message value,
    /// or the whole first line.
    public let message: UnsafeBufferPointer<UInt8>
    public let level: LogLevel
    /// The timestamp as written (date and time fields joined by a space); empty when there is none.
    public let timestamp: UnsafeBufferPointer<UInt8>
    /// The component or logger as written; empty when there is none.
    public let component: UnsafeBufferPointer<UInt8>
    /// True when the record was cut at `maxRecordBytes`.
    public let isCut: Bool
    /// True when the record's bytes were not valid UTF-8 (they are kept and decoded lossily).
    public let hasInvalidUTF8: Bool
    /// Stream offset of the record's first byte.
    public let startOffset: Int
    /// Stream offset just past the record's last line terminator: where a later run resumes.
    public let endOffset: Int

    public var messageString: String { String(decoding: message, as: UTF8.self) }
    public var textString: String { String(decoding: text, as: UTF8.self) }
    public var timestampString: String? { timestamp.isEmpty ? nil : String(decoding: timestamp, as: UTF8.self) }
    public var componentString: String? { component.isEmpty ? nil : String(decoding: component, as: UTF8.self) }
    /// The continuation lines (a stack trace), without the first line; empty for one-line records.
    public var continuation: UnsafeBufferPointer<UInt8> {
        guard lineCount > 1, let nl = text.firstIndex(of: 10) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(rebasing: text[(nl + 1)...])
    }
}

/// What a reader saw, for the summary a command prints.
public struct ReadStats: Sendable, Equatable {
    /// Lines seen, counting from the reader's `startLine`.
    public var lines = 0
    public var records = 0
    public var bytes = 0
    /// Records skipped or cut, by reason.
    public var limits = LimitCounts()
    /// Bytes and lines at the end that were read but not taken: a last line without its newline
    /// (the writer may be mid-record) and the record it may continue. See `RecordReader.holdsBackUnterminatedTail`.
    public var heldBackBytes = 0
    public var heldBackLines = 0
    public init() {}

    public mutating func merge(_ o: ReadStats) {
        lines += o.lines
        records += o.records
        bytes += o.bytes
        heldBackBytes += o.heldBackBytes
        heldBackLines += o.heldBackLines
        limits.merge(o.limits)
    }
}
