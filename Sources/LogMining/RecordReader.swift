#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Frames a byte stream into records, reading fixed-size chunks (never a whole file).
///
/// LF and CRLF endings; a line longer than `maxRecordBytes` is cut there and the rest skipped;
/// lines with NUL bytes are skipped as binary; invalid UTF-8 is kept and counted. With a header
/// format (or JSON lines or logfmt), a line that does not parse as a header continues the record
/// before it, so a Python traceback or a Java stack trace stays one record with its message.
public final class RecordReader {
    public let format: LogFormat
    public let limits: MinerLimits
    public private(set) var stats = ReadStats()
    /// For a file that may still grow: a last line without its newline is not taken, nor the
    /// record it may continue; `stats.heldBack*` say how much waits for the next run.
    public var holdsBackUnterminatedTail = false
    private let chunkSize: Int
    private let keys: StructuredLine.Keys?
    /// The header format and its fields' roles, taken out of `format` once: binding the enum's
    /// payload per line retained every array of the format (perf on bench/index_speed.py).
    private let header: HeaderFormat?
    private let roles: [FieldRole]

    // Reused per record.
    private var pending = RawBuffer<UInt8>()
    private var pendingLine = 0
    private var pendingLines = 0
    private var pendingCut = false
    private var pendingInvalid = false
    private var pendingFields = Fields()
    private var pendingStart = 0
    private var pendingEnd = 0
    private var lineStart = 0
    private var lineEnd = 0
    /// The last line went into the pending record (not skipped as binary): the skipped rest of
    /// that line, when it was cut, belongs to the record.
    private var lineKept = false
    /// Stream offset and line count the source starts at: where an earlier run stopped.
    private let startOffset: Int
    private var ranges: [Int] = []
    private var messageScratch: [UInt8] = []
    private var stampScratch = RawBuffer<UInt8>()

    /// Field positions relative to the record's first line.
    struct Fields {
        var message = 0..<0
        var messageUnescaped = false
        var level: Range<Int>?
        var component: Range<Int>?
        var date: Range<Int>?
        var time: Range<Int>?
    }

    /// `startOffset` and `startLine` continue an earlier run that stopped there: record offsets
    /// and line numbers then count from them.
    public init(format: LogFormat, limits: MinerLimits = MinerLimits(), chunkSize: Int = 1 << 20, startOffset: Int = 0, startLine: Int = 0) {
        self.format = format
        self.startOffset = startOffset
        stats.lines = startLine
        self.limits = limits
        self.chunkSize = max(4096, chunkSize)
        switch format {
        case .jsonLines(let k), .logfmt(let k): keys = StructuredLine.Keys(k)
        default: keys = nil
        }
        if case .header(let h) = format { header = h } else { header = nil }
        roles = header?.fields.map(\.role) ?? []
    }

    deinit {
        pending.free()
        stampScratch.free()
    }

    /// Reads `source` to its end, calling `body` once per record in order.
    public func read<S: ByteSource>(_ source: inout S, _ body: (Record) throws -> Void) throws {
        let maxLine = max(1, limits.maxRecordBytes)
        let capacity = maxLine + chunkSize
        let buf = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buf.deallocate() }
        var filled = 0
        var base = startOffset
        var skipping = false
        while true {
            let n = try source.read(into: buf + filled, count: capacity - filled)
            stats.bytes += n
            if n == 0 {
                if skipping {
                    extendPending(to: base)
                } else if filled > 0 {
                    if holdsBackUnterminatedTail {
                        try holdBack(UnsafeBufferPointer(start: buf, count: filled), at: base, body)
                    } else {
                        try line(buf, filled, cut: false, base, base + filled, body)
                    }
                }
                break
            }
            var lineStart = 0
            var scan = filled
            filled += n
            while scan < filled, let nl = memchr(buf + scan, 10, filled - scan) {
                let p = buf.distance(to: nl.assumingMemoryBound(to: UInt8.self))
                if skipping {
                    skipping = false
                    extendPending(to: base + p + 1)
                } else {
                    try line(buf + lineStart, p - lineStart, cut: false, base + lineStart, base + p + 1, body)
                }
                lineStart = p + 1
                scan = p + 1
            }
            let remaining = filled - lineStart
            if skipping {
                base += filled
                filled = 0
            } else if remaining > maxLine + 1 {
                // Too long even if its last byte is the CR of a CRLF: cut now, skip the rest.
                try line(buf + lineStart, maxLine, cut: true, base + lineStart, base + filled, body)
                skipping = true
                base += filled
                filled = 0
            } else {
                if lineStart > 0, remaining > 0 { memmove(buf, buf + lineStart, remaining) }
                base += lineStart
                filled = remaining
            }
        }
        try flush(body)
    }

    /// Drops the unterminated last line, and the record before it unless the line already starts
    /// a record of its own: the next run reads them again, complete.
    private func holdBack(_ partial: UnsafeBufferPointer<UInt8>, at start: Int, _ body: (Record) throws -> Void) throws {
        var fields = Fields()
        if pendingLines > 0, parseHeader(partial, &fields) { try flush(body) }
        let from = pendingLines > 0 ? pendingStart : start
        stats.heldBackBytes = start + partial.count - from
        stats.heldBackLines = pendingLines
        pendingLines = 0
    }

    /// Reads a whole string: for tests and small inputs.
    public func read(_ text: String, _ body: (Record) throws -> Void) throws {
        var source = MemorySource(text)
        try read(&source, body)
    }

    // MARK: Lines

    private func line(
        _ p: UnsafeMutablePointer<UInt8>, _ length: Int, cut: Bool, _ from: Int, _ to: Int, _ body: (Record) throws -> Void
    ) throws {
        stats.lines += 1
        lineStart = from
        lineEnd = to
        lineKept = false
        var len = length
        var cut = cut
        if !cut, len > 0, p[len - 1] == 13 { len -= 1 }
        // A whole line in the buffer is held to the same limit as one too long to fit it: the
        // records must not depend on where the reads happened to end.
        if len > max(1, limits.maxRecordBytes) {
            len = max(1, limits.maxRecordBytes)
            cut = true
        }
        let bytes = UnsafeBufferPointer(start: p, count: len)
        if cut { stats.limits.add(.recordTooLong) }
        if len > 0, memchr(p, 0, len) != nil {
            stats.limits.add(.binary)
            return
        }
        let invalid = !Self.isValidUTF8(bytes)
        if case .plain = format {
            try flush(body)
            if cut {
                // Where a cut line ends is known once its rest is skipped: the record waits until then.
                var fields = Fields()
                fields.message = 0..<len
                start(bytes, fields, cut: true, invalid: invalid)
            } else {
                if invalid { stats.limits.add(.invalidUTF8) }
                try emitPlain(bytes, cut: false, invalid: invalid, body)
            }
            return
        }
        var fields = Fields()
        if parseHeader(bytes, &fields) {
            try flush(body)
            start(bytes, fields, cut: cut, invalid: invalid)
        } else if pendingLines > 0 {
            append(bytes, cut: cut, invalid: invalid)
        } else {
            fields.message = 0..<len
            start(bytes, fields, cut: cut, invalid: invalid)
        }
    }

    /// The rest of a cut line was skipped up to `end`: the pending record ends there.
    private func extendPending(to end: Int) {
        if lineKept, pendingLines > 0, pendingEnd < end { pendingEnd = end }
    }

    private func emitPlain(_ bytes: UnsafeBufferPointer<UInt8>, cut: Bool, invalid: Bool, _ body: (Record) throws -> Void) throws {
        stats.records += 1
        let empty = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        try body(
            Record(
                lineNumber: stats.lines, lineCount: 1, text: bytes, message: bytes, level: .unknown,
                timestamp: empty, component: empty, isCut: cut, hasInvalidUTF8: invalid,
                startOffset: lineStart, endOffset: lineEnd))
    }

    private func start(_ bytes: UnsafeBufferPointer<UInt8>, _ fields: Fields, cut: Bool, invalid: Bool) {
        pending.removeAll()
        pending.append(bytes)
        pendingLine = stats.lines
        pendingStart = lineStart
        pendingEnd = lineEnd
        pendingLines = 1
        lineKept = true
        pendingCut = cut
        pendingInvalid = invalid
        pendingFields = fields
    }

    private func append(_ bytes: UnsafeBufferPointer<UInt8>, cut: Bool, invalid: Bool) {
        pendingLines += 1
        lineKept = true
        pendingEnd = lineEnd
        pendingInvalid = pendingInvalid || invalid
        let room = limits.maxRecordBytes - pending.count - 1
        if room <= 0 || cut {
            if !pendingCut, room <= 0 { stats.limits.add(.recordTooLong) }
            pendingCut = true
            if room <= 0 { return }
        }
        pending.append(10)
        if bytes.count > room {
            pending.append(UnsafeBufferPointer(rebasing: bytes[0..<room]))
            if !pendingCut { stats.limits.add(.recordTooLong) }
            pendingCut = true
        } else {
            pending.append(bytes)
        }
    }

    private func flush(_ body: (Record) throws -> Void) throws {
        guard pendingLines > 0 else { return }
        defer { pendingLines = 0 }
        stats.records += 1
        if pendingInvalid { stats.limits.add(.invalidUTF8) }
        let f = pendingFields
        buildTimestamp(f)
        let rec = pending.buffer
        if f.messageUnescaped {
            StructuredLine.unescape(rec[f.message], into: &messageScratch)
            try messageScratch.withUnsafeBufferPointer { try emit(rec, $0, f, body) }
        } else {
            try emit(rec, UnsafeBufferPointer(rebasing: rec[f.message]), f, body)
        }
    }

    // Plain pointers rather than a closure building the record: a closure's context was
    // allocated and freed per record (perf).
    @inline(__always)
    private func emit(_ rec: UnsafeBufferPointer<UInt8>, _ message: UnsafeBufferPointer<UInt8>, _ f: Fields, _ body: (Record) throws -> Void) throws {
        let level = f.level.map { LogLevel(bytes: UnsafeBufferPointer(rebasing: rec[$0])) } ?? .unknown
        let compo = f.component.map { UnsafeBufferPointer(rebasing: rec[$0]) } ?? UnsafeBufferPointer(start: nil, count: 0)
        try body(
            Record(
                lineNumber: pendingLine, lineCount: pendingLines, text: rec, message: message, level: level, timestamp: stampScratch.buffer,
                component: compo, isCut: pendingCut, hasInvalidUTF8: pendingInvalid, startOffset: pendingStart, endOffset: pendingEnd))
    }

    private func buildTimestamp(_ f: Fields) {
        stampScratch.removeAll()
        let rec = pending.buffer
        if let d = f.date { stampScratch.append(UnsafeBufferPointer(rebasing: rec[d])) }
        if let t = f.time {
            if stampScratch.count > 0 { stampScratch.append(UInt8(ascii: " ")) }
            stampScratch.append(UnsafeBufferPointer(rebasing: rec[t]))
        }
    }

    // MARK: Headers

    private func parseHeader(_ line: UnsafeBufferPointer<UInt8>, _ f: inout Fields) -> Bool {
        switch format {
        case .plain:
            f.message = 0..<line.count
            return true
        case .header:
            guard header.unsafelyUnwrapped.match(line, ranges: &ranges) else { return false }
            for i in 0..<roles.count {
                let r = ranges[2 * i]..<ranges[2 * i + 1]
                // Empty: a field of an optional group that is absent from this line.
                if r.isEmpty { continue }
                switch roles[i] {
                case .content: f.message = r
                case .level: f.level = r
                case .component: f.component = r
                case .date: f.date = f.date.map { $0.lowerBound..<max($0.upperBound, r.upperBound) } ?? r
                case .time, .timestamp: f.time = f.time.map { $0.lowerBound..<max($0.upperBound, r.upperBound) } ?? r
                case .other: break
                }
            }
            return true
        case .jsonLines:
            guard let found = StructuredLine.json(line, keys!) else { return false }
            take(found, line, &f)
            return true
        case .logfmt:
            guard let found = StructuredLine.logfmt(line, keys!) else { return false }
            take(found, line, &f)
            return true
        }
    }

    private func take(_ s: StructuredLine.Found, _ line: UnsafeBufferPointer<UInt8>, _ f: inout Fields) {
        f.message = s.message ?? 0..<line.count
        f.messageUnescaped = s.messageEscaped
        f.level = s.level
        f.component = s.component
        f.time = s.time
    }

    // MARK: UTF-8

    /// Validates UTF-8; ASCII runs are checked eight bytes at a time since most log bytes are ASCII.
    static func isValidUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = b.baseAddress else { return true }
        let n = b.count
        var i = 0
        while i + 8 <= n {
            if UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { break }
            i += 8
        }
        while i < n {
            let c = p[i]
            if c < 0x80 { i += 1; continue }
            let need: Int
            if c & 0xE0 == 0xC0, c >= 0xC2 { need = 1 } else if c & 0xF0 == 0xE0 { need = 2 } else if c & 0xF8 == 0xF0, c <= 0xF4 { need = 3 } else { return false }
            guard i + need < n else { return false }
            for k in 1...need where p[i + k] & 0xC0 != 0x80 { return false }
            i += need + 1
        }
        return true
    }
}
