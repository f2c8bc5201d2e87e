import Foundation

/// A stack trace read from a record's text with its files, lines and functions: Python
/// tracebacks, JVM (`at pkg.Class.method(File.java:12)`, `Caused by:`), Go panics and goroutine
/// dumps, Node.js and Swift. Frames are outermost first, the innermost (where it was raised) last,
/// whatever order the language prints them in.
public struct StackTrace: Sendable, Equatable {
    public struct Frame: Sendable, Equatable {
        /// As the trace writes it: an absolute path, a relative one, or a bare file name (JVM).
        public var file: String
        public var line: Int
        public var function: String?
        /// JVM: the class's package as a path (`com/shop/`), to tell same-named files apart.
        public var packagePath: String?
    }

    /// The exception's type (`ConnectionRefusedError`, `java.net.ConnectException`, `panic`).
    public var exception: String?
    /// The exception's line as written (`ConnectionRefusedError: [Errno 111] Connection refused`).
    public var exceptionLine: String?
    public var frames: [Frame]

    /// The last trace in `text` (Python prints the one finally raised last), or nil when there is none.
    public static func read(_ text: String) -> StackTrace? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        if let start = lines.lastIndex(where: { $0.contains("Traceback (most recent call last)") }) { return python(Array(lines[start...])) }
        return jvm(lines) ?? go(lines) ?? node(lines) ?? swift(lines)
    }

    private static func firstMatch(_ regex: NSRegularExpression, _ s: String) -> [String?]? {
        let ns = s as NSString
        guard let m = regex.firstMatch(in: s, range: NSRange(location: 0, length: ns.length)) else { return nil }
        return (0..<m.numberOfRanges).map { m.range(at: $0).location == NSNotFound ? nil : ns.substring(with: m.range(at: $0)) }
    }

    private static let pythonFrame = try! NSRegularExpression(pattern: #"^\s*File "([^"]+)", line (\d+)(?:, in (\S+))?"#)
    private static func python(_ lines: [String]) -> StackTrace? {
        var t = StackTrace(frames: [])
        for l in lines.dropFirst() {
            if let m = firstMatch(pythonFrame, l), let file = m[1], let line = m[2].flatMap({ Int($0) }) {
                t.frames.append(Frame(file: file, line: line, function: m[3]))
            } else if l.first != " ", l.first != "\t", let type = exceptionType(l) {
                (t.exception, t.exceptionLine) = (type, l)
            }
        }
        return t.frames.isEmpty ? nil : t
    }

    private static let jvmFrame = try! NSRegularExpression(pattern: #"^\s*at ([\w.$<>]+)\.([\w$<>-]+)\(([\w.-]+\.(?:java|kt|scala|groovy)):(\d+)\)"#)
    private static func jvm(_ lines: [String]) -> StackTrace? {
        var t = StackTrace(frames: [])
        for l in lines {
            let s = l.drop { $0 == " " || $0 == "\t" }
            if s.hasPrefix("Caused by: ") || s.hasPrefix("... ") { break }  // the outer trace holds the repository's frames
            if let m = firstMatch(jvmFrame, l), let cls = m[1], let file = m[3], let line = m[4].flatMap({ Int($0) }) {
                let package = cls.split(separator: ".").dropLast().joined(separator: "/")
                t.frames.append(Frame(file: file, line: line, function: (cls.split(separator: ".").last.map(String.init) ?? cls) + "." + (m[2] ?? "?"),
                                      packagePath: package.isEmpty ? nil : package + "/"))
            } else if t.exception == nil, t.frames.isEmpty, let type = exceptionType(String(s)), type.hasSuffix("Exception") || type.hasSuffix("Error") {
                (t.exception, t.exceptionLine) = (type, String(s))
            }
        }
        guard t.exception != nil, !t.frames.isEmpty else { return nil }
        t.frames.reverse()
        return t
    }

    private static let goFile = try! NSRegularExpression(pattern: #"^\s+(\S+\.go):(\d+)"#)
    private static func go(_ lines: [String]) -> StackTrace? {
        guard let panic = lines.firstIndex(where: { $0.hasPrefix("panic: ") || $0.hasPrefix("fatal error: ") }) else { return nil }
        var t = StackTrace(exception: "panic", exceptionLine: lines[panic], frames: [])
        var function: String?
        for l in lines[(panic + 1)...] {
            if let m = firstMatch(goFile, l), let file = m[1], let line = m[2].flatMap({ Int($0) }) {
                t.frames.append(Frame(file: file, line: line, function: function))
            } else if !l.hasPrefix(" "), !l.hasPrefix("\t") {
                function = l.split(separator: "(").first.map(String.init)
            }
        }
        guard !t.frames.isEmpty else { return nil }
        t.frames.reverse()
        return t
    }

    private static let nodeFrame = try! NSRegularExpression(pattern: #"^\s*at (?:(\S+) \()?((?:/|\.{1,2}/)?[^\s():]+\.(?:js|mjs|cjs|ts)):(\d+):\d+"#)
    private static func node(_ lines: [String]) -> StackTrace? {
        var t = StackTrace(frames: [])
        for l in lines {
            if let m = firstMatch(nodeFrame, l), let file = m[2], let line = m[3].flatMap({ Int($0) }) {
                t.frames.append(Frame(file: file, line: line, function: m[1]))
            } else if t.frames.isEmpty, let type = exceptionType(l), type.hasSuffix("Error") {
                (t.exception, t.exceptionLine) = (type, l)
            }
        }
        guard !t.frames.isEmpty else { return nil }
        t.frames.reverse()
        return t
    }

    private static let swiftFrame = try! NSRegularExpression(pattern: #"([\w./-]+\.swift):(\d+)"#)
    private static func swift(_ lines: [String]) -> StackTrace? {
        var t = StackTrace(frames: [])
        for l in lines where l.contains("Fatal error") || l.hasPrefix("#") || l.hasPrefix("at ") || l.hasPrefix(" ") {
            if let m = firstMatch(swiftFrame, l), let file = m[1], let line = m[2].flatMap({ Int($0) }) {
                t.frames.append(Frame(file: file, line: line, function: nil))
            }
        }
        guard !t.frames.isEmpty else { return nil }
        t.frames.reverse()
        return t
    }

    /// `pkg.ErrorType` from `pkg.ErrorType: message` or a bare `ErrorType` line.
    private static func exceptionType(_ line: String) -> String? {
        let name = line.prefix { $0 != ":" && $0 != " " }
        guard !name.isEmpty, name.first?.isLetter == true, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "$" }),
            line.count == name.count || line.dropFirst(name.count).hasPrefix(":")
        else { return nil }
        return String(name)
    }

    /// The innermost frame whose file is one of the repository's `paths` (mapped to that path),
    /// or nil when none is: library and runtime frames never explain a record.
    public func deepestFrame(in paths: RepositoryPaths) -> (frame: Frame, path: String)? {
        for f in frames.reversed() {
            if let p = paths.path(for: f) { return (f, p) }
        }
        return nil
    }
}

/// A tree's file paths, looked up by a trace's file: a path that ends the trace's path (absolute
/// in the container, relative in the repository), or for a JVM file name the one in the class's
/// package.
public struct RepositoryPaths: Sendable {
    private var byName: [Substring: [String]] = [:]

    public init<S: Sequence>(_ paths: S) where S.Element == String {
        for p in paths { byName[p.split(separator: "/").last ?? Substring(p), default: []].append(p) }
    }

    func path(for f: StackTrace.Frame) -> String? {
        let name = f.file.split(separator: "/").last ?? Substring(f.file)
        guard let candidates = byName[name] else { return nil }
        if f.file.contains("/") {
            // The longest repository path the trace's path ends with.
            return candidates.filter { f.file == $0 || f.file.hasSuffix("/" + $0) }.max { $0.count < $1.count }
        }
        if let pkg = f.packagePath, let p = candidates.first(where: { $0.hasSuffix(pkg + f.file) }) { return p }
        return candidates.count == 1 ? candidates[0] : nil
    }
}

extension StackTrace {
    /// A record's text cut to `limit` characters without losing what explains it: when it is
    /// longer and holds a trace, its first line, the frames around the repository's innermost one
    /// (`repositoryFile`), the innermost frame and the exception line, instead of the first
    /// `limit` characters (which would keep the outermost frames and drop the exception).
    public static func digest(_ text: String, limit: Int, repositoryFile: String? = nil) -> String {
        guard text.count > limit else { return text }
        let head = String(text.prefix { $0 != "\n" }.prefix(max(40, limit / 3)))
        guard let t = read(text), !t.frames.isEmpty else { return String(text.prefix(limit)) }
        let deepest = repositoryFile.flatMap { file in t.frames.lastIndex { $0.file == file || $0.file.hasSuffix("/" + file) } }
        var keep = Set([t.frames.count - 1])
        if let d = deepest { keep.formUnion(max(0, d - 2)...d) }
        var out = head + "\n  … \(t.frames.count) frames, showing \(keep.count):"
        for i in keep.sorted() {
            let f = t.frames[i]
            out += "\n  at \(f.file):\(f.line)" + (f.function.map { " in \($0)" } ?? "") + (i == deepest ? "  (repository)" : "")
        }
        if let e = t.exceptionLine ?? t.exception { out += "\n" + e }
        return out.count <= limit ? out : String(out.prefix(limit))
    }
}
