import Foundation
import GitHistory

/// Finds the log statement that writes a template among a diff's added or removed lines.
///
/// A template's constant fragments (its text between `<*>`) are matched, in order, against the
/// string literals of a candidate statement, with the placeholder styles of common languages
/// (`%s %d %(name)s`, `{}` `{0}` `{name}`, `\(expr)`, `${expr}`, `%v`) and concatenation read as
/// variables. A nearby logging call adds to the score.
struct StatementLinker {
    struct Candidate {
        let file: String
        let line: Int
        let hunkKey: String
        let header: String
        let text: String
        /// The statement: the line joined with the lines of an unclosed call after it.
        let statement: String
        let side: DiffLine.Kind
        let commit: ObjectID?
        /// The hunk's changed lines, `+`/`-` prefixed (at most 40), for showing the link in context.
        let hunk: [String]
    }

    struct Link {
        let candidate: Candidate
        let score: Double
    }

    let added: [Candidate]
    let removed: [Candidate]

    init(_ files: [FileChange], fallbackCommit: (String) -> ObjectID?) {
        var added: [Candidate] = []
        var removed: [Candidate] = []
        for file in files {
            for (h, hunk) in file.hunks.enumerated() {
                let key = "\(file.path)#\(h)"
                let shown = hunk.lines.prefix(40).map { ($0.kind == .added ? "+" : "-") + $0.text }
                for side in [DiffLine.Kind.added, .removed] {
                    let lines = hunk.lines.filter { $0.kind == side }
                    for (i, l) in lines.enumerated() where Self.mayLog(l.text) {
                        let statement = Self.statement(lines.map(\.text), from: i)
                        let path = side == .added ? file.path : (file.oldPath ?? file.path)
                        let c = Candidate(
                            file: path, line: (side == .added ? l.newLine : l.oldLine) ?? 0, hunkKey: key, header: hunk.header,
                            text: l.text.trimmingCharacters(in: .whitespaces), statement: statement, side: side,
                            commit: l.commit ?? hunk.commits.first ?? fallbackCommit(path), hunk: shown)
                        if side == .added { added.append(c) } else { removed.append(c) }
                    }
                }
            }
        }
        self.added = added
        self.removed = removed
    }

    /// The best statement for a template among the added (new template) or removed lines.
    func link(_ template: String, side: DiffLine.Kind, minScore: Double) -> Link? {
        let fragments = Self.fragments(of: template)
        let total = fragments.reduce(0) { $0 + $1.count }
        guard total >= 6 else { return nil }
        var best: Link?
        for c in side == .added ? added : removed {
            let s = Self.score(fragments, total, c.statement)
            if s >= minScore, s > (best?.score ?? 0) { best = Link(candidate: c, score: s) }
        }
        return best
    }

    // MARK: Scoring

    static func fragments(of template: String) -> [String] {
        template.components(separatedBy: "<*>")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { f in f.contains { $0.isLetter || $0.isNumber } }
    }

    /// Share of the template's constant characters found in order in the statement's literal text,
    /// weighted with the share of the literal text they explain, plus a bonus for a logging call.
    static func score(_ fragments: [String], _ total: Int, _ statement: String) -> Double {
        let literal = literalText(statement)
        guard !literal.isEmpty else { return 0 }
        var position = literal.startIndex
        var matched = 0
        for f in fragments {
            if let r = literal.range(of: f, range: position..<literal.endIndex) {
                matched += f.count
                position = r.upperBound
            } else if let r = bestPartial(f, in: literal, from: position) {
                matched += r.1
                position = r.0
            }
        }
        let coverage = Double(matched) / Double(total)
        guard coverage >= 0.5 else { return 0 }
        let constantChars = literal.filter { $0 != "\u{1}" && !$0.isWhitespace }.count
        let explained = constantChars == 0 ? 0 : min(1, Double(matched) / Double(constantChars))
        let bonus = loggingCall(statement) ? 0.1 : 0
        return min(1, 0.75 * coverage + 0.25 * explained + bonus)
    }

    /// A fragment that a variable split in the source (`"order " + id + " placed"`): its longest
    /// piece between placeholders found in order.
    private static func bestPartial(_ f: String, in s: String, from: String.Index) -> (String.Index, Int)? {
        let words = f.split(separator: " ").map(String.init).filter { $0.count >= 3 }
        var pos = from
        var n = 0
        for w in words {
            if let r = s.range(of: w, range: pos..<s.endIndex) {
                n += w.count + 1
                pos = r.upperBound
            }
        }
        return n > 0 ? (pos, min(n, f.count)) : nil
    }

    // MARK: Source text

    private static let literalPattern = try! NSRegularExpression(
        pattern: #"(?:[fFrRbB]{0,2})"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|`((?:[^`\\]|\\.)*)`"#)
    private static let placeholderPattern = try! NSRegularExpression(
        pattern: #"%\([A-Za-z_]\w*\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%[-#0 +]*\d*(?:\.\d+)?[sdifrxXoeEgGcuqvTtpw]|\{[^{}]*\}|\\\([^)]*\)|\$\{[^}]*\}|\$[A-Za-z_]\w*"#)
    private static let loggingPattern = try! NSRegularExpression(
        pattern: #"(?i)\b(log|logger|logging|slog|zap|warn|warning|error|info|debug|trace|fatal|critical|printf|println|print|console|fmt|errorf|eprintln|tracing)\b"#)

    /// The statement's string literals, placeholders replaced by `\u{1}` and literals joined by it
    /// (concatenation with a variable between them).
    static func literalText(_ statement: String) -> String {
        let ns = statement as NSString
        var parts: [String] = []
        for m in literalPattern.matches(in: statement, range: NSRange(location: 0, length: ns.length)) {
            for g in 1...3 where m.range(at: g).location != NSNotFound {
                let raw = ns.substring(with: m.range(at: g))
                let unescaped = raw.replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\'", with: "'")
                let r = NSRange(location: 0, length: (unescaped as NSString).length)
                parts.append(placeholderPattern.stringByReplacingMatches(in: unescaped, range: r, withTemplate: "\u{1}"))
            }
        }
        return parts.joined(separator: "\u{1}")
    }

    static func loggingCall(_ statement: String) -> Bool {
        loggingPattern.firstMatch(in: statement, range: NSRange(location: 0, length: (statement as NSString).length)) != nil
    }

    /// Lines that could hold a log message: a string literal at least.
    static func mayLog(_ line: String) -> Bool { line.contains("\"") || line.contains("'") || line.contains("`") }

    /// The line, joined with the next ones while its parentheses stay open (a call over lines).
    static func statement(_ lines: [String], from i: Int) -> String {
        var s = lines[i]
        var depth = s.filter { $0 == "(" }.count - s.filter { $0 == ")" }.count
        var j = i + 1
        while depth > 0, j < lines.count, j - i <= 4 {
            s += " " + lines[j].trimmingCharacters(in: .whitespaces)
            depth += lines[j].filter { $0 == "(" }.count - lines[j].filter { $0 == ")" }.count
            j += 1
        }
        return s
    }
}
