/// Picks a log format from the first lines of a source when none is given.
///
/// JSON objects and logfmt are recognised by shape; otherwise each common header format is tried
/// on the sample and the one that parses the most lines wins, the more specific (more fields) on
/// a tie, so a Python `asctime levelname name: message` log is not read as the looser ISO form.
public enum FormatDetector {
    /// The header formats tried, most specific first.
    public static let candidates: [(name: String, format: String)] = [
        ("spring-boot", "<Timestamp> <Level> <Pid> --- [<Thread>] <Component> : <Content>"),
        ("android-threadtime", "<Date> <Time> <Pid> <Tid> <Level> <Component>: <Content>"),
        ("python", "<Date> <Time> <Level> <Component>: <Content>"),
        ("python-dash", "<Date> <Time> - <Component> - <Level> - <Content>"),
        ("iso-thread", "<Date> <Time> <Level> [<Thread>] <Component>: <Content>"),
        ("iso-bracket-level", "<Date> <Time> [<Level>] <Content>"),
        ("iso-bracket-time", "[<Timestamp>] <Level> <Content>"),
        ("iso-level", "<Timestamp> <Level> <Content>"),
        ("iso-date-time-level", "<Date> <Time> <Level> <Content>"),
        ("syslog", "<Month> <Day> <Time> <Host> <Component>: <Content>"),
        ("level-first", "<Level> <Timestamp> <Content>"),
    ]

    /// The detected format and the name of the rule that chose it.
    public static func detect(_ sample: UnsafeBufferPointer<UInt8>) -> (format: LogFormat, name: String) {
        var lines: [UnsafeBufferPointer<UInt8>] = []
        var start = 0
        for i in 0..<sample.count where sample[i] == 10 {
            var end = i
            if end > start, sample[end - 1] == 13 { end -= 1 }
            if end > start { lines.append(UnsafeBufferPointer(rebasing: sample[start..<end])) }
            start = i + 1
            if lines.count == 200 { break }
        }
        if lines.isEmpty, start < sample.count { lines.append(UnsafeBufferPointer(rebasing: sample[start...])) }
        guard !lines.isEmpty else { return (.plain, "plain") }
        let keys = StructuredLine.Keys(FieldKeys())
        let json = lines.filter { StructuredLine.json($0, keys) != nil }.count
        if json * 2 > lines.count { return (.jsonLines(FieldKeys()), "json") }
        let logfmt = lines.filter { l in
            guard let f = StructuredLine.logfmt(l, keys) else { return false }
            return f.level != nil || f.message != nil || f.time != nil
        }.count
        if logfmt * 2 > lines.count { return (.logfmt(FieldKeys()), "logfmt") }
        var best: (Int, HeaderFormat, String)?
        var ranges: [Int] = []
        for c in candidates {
            guard let h = try? HeaderFormat(c.format) else { continue }
            let hits = lines.filter { l in h.match(l, ranges: &ranges) && validTimestamp(h, l, ranges) }.count
            if hits > (best?.0 ?? 0) { best = (hits, h, c.name) }
        }
        // Headers start records; continuation lines do not, so a third of the lines is enough.
        if let (hits, h, name) = best, hits * 3 >= lines.count { return (.header(h), name) }
        return (.plain, "plain")
    }

    /// The candidates' timestamp fields must look like dates or times, not just contain a digit.
    private static func validTimestamp(_ h: HeaderFormat, _ l: UnsafeBufferPointer<UInt8>, _ ranges: [Int]) -> Bool {
        for (i, f) in h.fields.enumerated() where f.role == .time || f.role == .timestamp || f.name == "Date" {
            let r = ranges[2 * i]..<ranges[2 * i + 1]
            var digits = 0
            var seps = 0
            for b in l[r] {
                if b &- 48 < 10 { digits += 1 } else if b == UInt8(ascii: ":") || b == UInt8(ascii: "-") || b == UInt8(ascii: "/") { seps += 1 }
            }
            if digits < 4 || seps < 1 { return false }
        }
        if let li = h.fields.firstIndex(where: { $0.role == .level }) {
            let r = ranges[2 * li]..<ranges[2 * li + 1]
            if LogLevel(bytes: UnsafeBufferPointer(rebasing: l[r])) == .unknown { return false }
        }
        return true
    }
}

/// Replays bytes already read (the detection sample) before reading on from the source.
public struct PrefixedSource<Base: ByteSource>: ByteSource {
    private var prefix: [UInt8]
    private var offset = 0
    public private(set) var base: Base

    /// The replayed bytes not yet read.
    public var prefixBytes: ArraySlice<UInt8> { prefix[offset...] }

    public init(prefix: [UInt8], base: Base) {
        self.prefix = prefix
        self.base = base
    }

    public mutating func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        if offset < prefix.count {
            let n = min(count, prefix.count - offset)
            prefix.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress! + offset, count: n) }
            offset += n
            return n
        }
        return try base.read(into: buffer, count: count)
    }
}
