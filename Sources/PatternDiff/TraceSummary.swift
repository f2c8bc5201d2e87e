import Foundation

/// What a record's stack trace says, in the few lines a reader (or a model) needs: the exception line, the
/// frames with their files, lines and functions, the last (deepest) frame. Python tracebacks (the last one of a
/// chain: the exception finally raised) and JVM traces (`at pkg.Class.method(File.java:12)`, the outer
/// exception; its first frame is the deepest).
public struct TraceSummary: Sendable, Equatable {
    public struct Frame: Sendable, Equatable {
        public var file: String
        public var line: Int
        public var function: String
    }

    /// `ConnectionRefusedError: [Errno 111] Connection refused`
    public var exceptionLine: String
    /// `ConnectionRefusedError`
    public var exception: String
    /// Outermost first, deepest last.
    public var frames: [Frame]

    public static func read(_ record: String) -> TraceSummary? {
        let lines = record.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        if let start = lines.lastIndex(where: { $0.hasPrefix("Traceback (most recent call last)") }) { return python(Array(lines[(start + 1)...])) }
        return jvm(lines)
    }

    private static let pythonFrame = try! NSRegularExpression(pattern: #"^\s+File "([^"]+)", line (\d+), in (.+)$"#)
    private static let jvmFrame = try! NSRegularExpression(pattern: #"^\s+at ([\w.$<>]+)\.([\w$<>]+)\(([\w.-]+):(\d+)\)"#)

    private static func python(_ lines: [String]) -> TraceSummary? {
        var frames: [Frame] = []
        var exceptionLine: String?
        for l in lines {
            if let m = match(pythonFrame, l) {
                frames.append(Frame(file: m[1], line: Int(m[2]) ?? 0, function: m[3]))
            } else if l.first != " ", l.first != "\t", exceptionLine == nil || !frames.isEmpty {
                exceptionLine = l
            }
        }
        guard let e = exceptionLine, !frames.isEmpty else { return nil }
        return TraceSummary(exceptionLine: e, exception: type(e), frames: frames)
    }

    private static func jvm(_ lines: [String]) -> TraceSummary? {
        var exceptionLine: String?
        var frames: [Frame] = []
        for l in lines {
            if let m = match(jvmFrame, l) {
                guard exceptionLine != nil else { continue }
                frames.append(Frame(file: m[3], line: Int(m[4]) ?? 0, function: m[2]))
            } else if l.hasPrefix("Caused by: ") || l.trimmingCharacters(in: .whitespaces).hasPrefix("... ") {
                break
            } else if frames.isEmpty {
                let name = type(l.trimmingCharacters(in: .whitespaces))
                if name.hasSuffix("Exception") || name.hasSuffix("Error") { exceptionLine = l.trimmingCharacters(in: .whitespaces) }
            }
        }
        guard let e = exceptionLine, !frames.isEmpty else { return nil }
        return TraceSummary(exceptionLine: e, exception: type(e), frames: frames.reversed())
    }

    private static func type(_ line: String) -> String {
        let name = line.prefix { $0 != ":" && $0 != " " }
        return String(name.split(separator: ".").last ?? name)
    }

    private static func match(_ r: NSRegularExpression, _ s: String) -> [String]? {
        let ns = s as NSString
        guard let m = r.firstMatch(in: s, range: NSRange(location: 0, length: ns.length)) else { return nil }
        return (0..<m.numberOfRanges).map { m.range(at: $0).location == NSNotFound ? "" : ns.substring(with: m.range(at: $0)) }
    }

    /// The deepest frame whose file is a repository file, with that file's repository path. `repositoryPath`
    /// maps a trace's file to the repository's path, or nil for files outside it (the standard library).
    public func deepestRepositoryFrame(_ repositoryPath: (String) -> String?) -> (frame: Frame, path: String)? {
        for f in frames.reversed() { if let p = repositoryPath(f.file) { return (f, p) } }
        return nil
    }

    /// `ConnectionRefusedError in src/waitress/task.py:434 execute()`
    public func headline(_ repositoryPath: (String) -> String?) -> String {
        guard let (f, p) = deepestRepositoryFrame(repositoryPath) else { return exception }
        return "\(exception) in \(p):\(f.line) \(f.function)()"
    }

    /// The trace in at most `limit` characters for a model: the record's first line, the exception line, the
    /// frames (deepest last; the middle ones left out first), never cut inside the exception line.
    public static func compact(_ record: String, limit: Int = 1500) -> String {
        guard let t = read(record) else { return String(record.prefix(limit)) }
        let head = String(record.prefix { $0 != "\n" }.prefix(300))
        let frameLines = t.frames.map { "  at \($0.file):\($0.line) \($0.function)()" }
        var kept = frameLines
        func render() -> String {
            ([head, "exception: " + String(t.exceptionLine.prefix(400))] + ["frames (deepest last):"] + kept).joined(separator: "\n")
        }
        while render().count > limit, kept.count > 2 { kept.remove(at: kept.count / 2 == kept.count - 1 ? 0 : kept.count / 2) }
        if kept.count < frameLines.count { kept.insert("  ... \(frameLines.count - kept.count) frames left out", at: max(0, kept.count - 1)) }
        return String(render().prefix(limit))
    }
}
