import FuzzSupport
import LogMining

#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer target: `RecordReader` over arbitrary bytes, with every log format.
///
/// The first two bytes choose the format (plain, JSON lines, logfmt, each detector candidate, or a
/// header format written on the input's first line) and the record limit; the rest is the stream.
/// Beyond "no crash": every line is counted once, records do not overlap, nothing is longer than
/// the limit, and reading the stream in small pieces gives the same records as reading it whole.
@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    FuzzRecordReader.run(input)
    return 0
}

enum FuzzRecordReader {
    struct Seen: Equatable {
        var line, lines, start, end: Int
        var text, message, timestamp, component: [UInt8]
        var level: LogLevel
        var cut, invalid: Bool
    }

    /// Hands the stream over in pieces of the sizes given, cycling.
    struct PieceSource: ByteSource {
        let bytes: [UInt8]
        let pieces: [Int]
        var offset = 0
        var turn = 0
        mutating func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
            let want = pieces.isEmpty ? count : max(1, pieces[turn % pieces.count])
            turn += 1
            let n = min(count, want, bytes.count - offset)
            guard n > 0 else { return 0 }
            bytes.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress! + offset, count: n) }
            offset += n
            return n
        }
    }

    static func run(_ input: [UInt8]) {
        guard input.count >= 2 else { return }
        let choice = Int(input[0])
        let limit = 1 + Int(input[1]) * 4
        var stream = Array(input[2...])
        let candidates = FormatDetector.candidates
        let format: LogFormat
        switch choice % (4 + candidates.count) {
        case 0: format = .plain
        case 1: format = .jsonLines(FieldKeys())
        case 2: format = .logfmt(FieldKeys())
        case 3:
            // A header format of the input's own: its first line.
            let nl = stream.firstIndex(of: 10) ?? stream.count
            guard let f = try? LogFormat(argument: String(decoding: stream[..<nl], as: UTF8.self)) else { return }
            format = f
            stream = Array(stream[min(stream.count, nl + 1)...])
        case let c:
            guard let f = try? LogFormat(argument: candidates[c - 4].format) else { preconditionFailure("candidate \(c - 4) does not parse") }
            format = f
        }
        let limits = MinerLimits(maxRecordBytes: limit)
        let whole = read(stream, format, limits, pieces: [])
        check(stream, limits, whole.records, whole.stats)
        // The same stream in small pieces (sizes from the stream itself) must read the same.
        let pieces = stream.prefix(8).map { Int($0 % 17) + 1 }
        let split = read(stream, format, limits, pieces: pieces)
        precondition(split.records == whole.records, "records depend on how the stream is split: \(pieces)")
        precondition(split.stats == whole.stats, "stats depend on how the stream is split: \(split.stats) vs \(whole.stats)")
    }

    static func read(_ stream: [UInt8], _ format: LogFormat, _ limits: MinerLimits, pieces: [Int]) -> (records: [Seen], stats: ReadStats) {
        let reader = RecordReader(format: format, limits: limits, chunkSize: 4096)
        var source = PieceSource(bytes: stream, pieces: pieces)
        var seen: [Seen] = []
        do {
            try reader.read(&source) { r in
                seen.append(
                    Seen(
                        line: r.lineNumber, lines: r.lineCount, start: r.startOffset, end: r.endOffset, text: Array(r.text),
                        message: Array(r.message), timestamp: Array(r.timestamp), component: Array(r.component), level: r.level,
                        cut: r.isCut, invalid: r.hasInvalidUTF8))
            }
        } catch {
            preconditionFailure("a memory source cannot fail: \(error)")
        }
        return (seen, reader.stats)
    }

    static func check(_ stream: [UInt8], _ limits: MinerLimits, _ records: [Seen], _ stats: ReadStats) {
        let newlines = stream.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
        let lines = newlines + (stream.last.map { $0 == 10 ? 0 : 1 } ?? 0)
        precondition(stats.bytes == stream.count, "bytes read \(stats.bytes) of \(stream.count)")
        precondition(stats.lines == lines, "lines counted \(stats.lines), the stream has \(lines)")
        precondition(stats.records == records.count, "records counted \(stats.records), emitted \(records.count)")
        // Every line is in exactly one record, unless skipped as binary.
        let inRecords = records.reduce(0) { $0 + $1.lines }
        precondition(inRecords + stats.limits[.binary] == lines, "lines in records \(inRecords) + binary \(stats.limits[.binary]) != \(lines)")
        var line = 0
        var end = 0
        for r in records {
            precondition(r.line > line && r.lines >= 1 && r.line + r.lines - 1 <= lines, "record lines \(r.line)+\(r.lines) after line \(line)")
            precondition(r.start >= end && r.start < r.end && r.end <= stream.count, "record bytes \(r.start)..<\(r.end) after \(end)")
            precondition(r.text.count <= limits.maxRecordBytes, "record of \(r.text.count) bytes over the limit \(limits.maxRecordBytes)")
            precondition(r.message.count <= r.text.count, "message longer than its record")
            precondition(!r.text.contains(0), "a NUL byte reached a record")
            line = r.line + r.lines - 1
            end = r.end
        }
    }
}

@main struct Main {
    static func main() { FuzzDriver.main(test: { LLVMFuzzerTestOneInput($0, $1) }, replay: FuzzRecordReader.run) }
}
