import Foundation

/// A stack trace reduced to what stays the same when the same bug fires again: the exception type
/// and the frames (file and function for Python, class and method for JVM traces), with line
/// numbers, addresses and ids masked. Read from a record's text (a sample).
public struct TraceFingerprint: Codable, Sendable, Equatable, Hashable {
    public var exception: String
    /// Outermost first, innermost (where it was raised) last.
    public var frames: [String]

    public init(exception: String, frames: [String]) {
        self.exception = exception
        self.frames = frames
    }

    /// `KeyError in cart.py add_item()`: the type and the innermost frame.
    public var summary: String {
        guard let f = frames.last else { return exception }
        let parts = f.split(separator: " ", maxSplits: 1).map(String.init)
        return parts.count == 2 ? "\(exception) in \(parts[0]) \(parts[1])()" : "\(exception) in \(f)"
    }

    /// The trace in a record's text, or nil when it holds none. For chained traces the last one
    /// (Python: the one finally raised; JVM: the root cause's frames are not repeated, so the outer).
    public static func read(_ record: String) -> TraceFingerprint? {
        let lines = record.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        if let start = lines.lastIndex(where: { $0.hasPrefix("Traceback (most recent call last)") }) { return python(Array(lines[start...])) }
        return jvm(lines)
    }

    private static func python(_ lines: [String]) -> TraceFingerprint? {
        var frames: [String] = []
        var type: String?
        for l in lines.dropFirst() {
            let t = l.drop { $0 == " " || $0 == "\t" }
            if t.hasPrefix("File \"") {
                let file = t.dropFirst(6).prefix { $0 != "\"" }
                let name = file.split(separator: "/").last.map(String.init) ?? String(file)
                let fn = t.range(of: ", in ").map { String(t[$0.upperBound...]) } ?? "?"
                frames.append("\(mask(name)) \(mask(fn))")
            } else if l.first != " ", l.first != "\t" {
                let name = l.prefix { $0 != ":" && $0 != " " }
                if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" }) { type = String(name) }
            }
        }
        guard let type, !frames.isEmpty else { return nil }
        return TraceFingerprint(exception: type, frames: frames)
    }

    private static func jvm(_ lines: [String]) -> TraceFingerprint? {
        var type: String?
        var frames: [String] = []
        for l in lines {
            let t = l.drop { $0 == " " || $0 == "\t" }
            if t.hasPrefix("at ") {
                let frame = t.dropFirst(3).prefix { $0 != "(" }
                if type != nil { frames.append(mask(String(frame))) }
            } else if type == nil, t.hasPrefix("Caused by: ") == false {
                let name = t.prefix { $0 != ":" && $0 != " " }
                if name.hasSuffix("Exception") || name.hasSuffix("Error") { type = String(name) }
            } else if t.hasPrefix("... ") || t.hasPrefix("Caused by: ") {
                break
            }
        }
        guard let type, !frames.isEmpty else { return nil }
        // JVM traces list the innermost frame first: reversed so both read outermost first.
        return TraceFingerprint(exception: type, frames: frames.reversed())
    }

    /// Line numbers, addresses, ids and lambda or generated-class numbers do not tell two traces apart.
    static func mask(_ s: String) -> String {
        var out = s
        for (pattern, replacement) in masks {
            out = pattern.stringByReplacingMatches(in: out, range: NSRange(out.startIndex..., in: out), withTemplate: replacement)
        }
        return out
    }

    private static let masks: [(NSRegularExpression, String)] = [
        (#"0x[0-9a-fA-F]+"#, "<addr>"),
        (#"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"#, "<id>"),
        (#"\$\d+"#, "$<n>"),
        (#"(?<![A-Za-z])\d+"#, "<n>"),
    ].map { (try! NSRegularExpression(pattern: $0.0), $0.1) }

    /// How alike two traces are: 1 for the same type and frames; for the same type and the same
    /// number of frames but one (or one frame more or less), the share of frames in common; 0
    /// otherwise. Near-identical traces are the same bug moved a little (a renamed caller, a
    /// wrapper added).
    public func similarity(to o: TraceFingerprint) -> Double {
        guard exception == o.exception else { return 0 }
        if frames == o.frames { return 1 }
        let n = max(frames.count, o.frames.count)
        guard n >= 2 else { return 0 }
        if frames.count == o.frames.count {
            let differing = zip(frames, o.frames).filter { $0 != $1 }.count
            return differing == 1 ? Double(n - 1) / Double(n) : 0
        }
        guard abs(frames.count - o.frames.count) == 1 else { return 0 }
        let (long, short) = frames.count > o.frames.count ? (frames, o.frames) : (o.frames, frames)
        for skip in long.indices where Array(long[..<skip] + long[(skip + 1)...]) == short { return Double(short.count) / Double(n) }
        return 0
    }

    /// The frame that differs from `o` (this trace's), for a near-identical pair.
    public func differingFrame(from o: TraceFingerprint) -> (String?, String?) {
        if frames.count == o.frames.count, let i = frames.indices.first(where: { frames[$0] != o.frames[$0] }) { return (o.frames[i], frames[i]) }
        if frames.count > o.frames.count { return (nil, frames.first { !o.frames.contains($0) }) }
        return (o.frames.first { !frames.contains($0) }, nil)
    }
}
