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
        let side: DiffLine.Kind
        let commit: ObjectID?
        /// The hunk's changed lines, `+`/`-` prefixed (at most 40), for showing the link in context.
        let hunk: [String]
        let source: SourceStatement
    }

    struct Link {
        let candidate: Candidate
        let score: Double
    }

    let added: [Candidate]
    let removed: [Candidate]
    /// Word (4+ letters, lower-cased) → indices of candidates whose literals contain it: a template
    /// is scored only against statements that share a word with it, not against every line.
    private let addedIndex: [String: [Int]]
    private let removedIndex: [String: [Int]]

    /// `exclude` leaves out files that never explain a production log line (tests, docs, vendored code).
    init(_ files: [FileChange], fallbackCommit: (String) -> ObjectID?, exclude: PathFilter = PathFilter([])) {
        var added: [Candidate] = []
        var removed: [Candidate] = []
        for file in files {
            for (h, hunk) in file.hunks.enumerated() {
                let key = "\(file.path)#\(h)"
                let shown = hunk.lines.prefix(40).map { ($0.kind == .added ? "+" : "-") + $0.text }
                for side in [DiffLine.Kind.added, .removed] {
                    let path = side == .added ? file.path : (file.oldPath ?? file.path)
                    if exclude.matches(path) { continue }
                    let lines = hunk.lines.filter { $0.kind == side }
                    let texts = lines.map(\.text)
                    for st in SourceStatement.statements(in: texts) {
                        let l = lines[SourceStatement.messageLine(texts, from: st.index)]
                        let c = Candidate(
                            file: path, line: (side == .added ? l.newLine : l.oldLine) ?? 0, hunkKey: key, header: hunk.header,
                            text: SourceStatement.shown(texts, from: st.index), side: side,
                            commit: l.commit ?? hunk.commits.first ?? fallbackCommit(path), hunk: shown, source: st)
                        if side == .added { added.append(c) } else { removed.append(c) }
                    }
                }
            }
        }
        self.added = added
        self.removed = removed
        addedIndex = Self.index(added)
        removedIndex = Self.index(removed)
    }

    static func words(_ s: String) -> Set<String> {
        Set(s.lowercased().split { !$0.isLetter }.filter { $0.count >= 4 }.map(String.init))
    }

    private static func index(_ cs: [Candidate]) -> [String: [Int]] {
        var out: [String: [Int]] = [:]
        for (i, c) in cs.enumerated() { for w in words(String(decoding: c.source.literal, as: UTF8.self)) { out[w, default: []].append(i) } }
        return out
    }

    /// The best statement for a template among the added (new template) or removed lines.
    func link(_ template: String, side: DiffLine.Kind, minScore: Double) -> Link? {
        let fragments = Self.fragments(of: template)
        let total = fragments.reduce(0) { $0 + $1.count }
        guard total >= 6 else { return nil }
        let pool = side == .added ? added : removed
        let index = side == .added ? addedIndex : removedIndex
        // The template's two rarest words choose the statements worth scoring: common words
        // ("order", "failed") would make every template meet every line.
        // Every statement that shares a word with the template: a diff holds few statements, and a message
        // whose variables the miner kept as text ("Task job.send: <*> cancelled by skip_blocked") shares only
        // its common words with its statement.
        var seen = Set<Int>()
        for w in Self.words(fragments.joined(separator: " ")) { seen.formUnion(index[w] ?? []) }
        let encoded = Self.encode(fragments)
        let whole = Array(template.utf8)
        var best: Link?
        for i in seen.sorted() {
            let c = pool[i]
            let s = c.source.score(encoded, total, template: whole)
            if s >= minScore, s > (best?.score ?? 0) { best = Link(candidate: c, score: s) }
        }
        return best
    }

    static func encode(_ fragments: [String]) -> [Fragment] {
        fragments.map { Fragment(whole: Array($0.utf8), words: $0.split(separator: " ").filter { $0.utf8.count >= 3 }.map { Array($0.utf8) }) }
    }

    // MARK: Scoring

    static func fragments(of template: String) -> [String] {
        template.components(separatedBy: "<*>")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { f in f.contains { $0.isLetter || $0.isNumber } }
    }

    /// Share of the template's constant characters found in order in the statement's literal text,
    /// weighted with the share of the literal text they explain, plus a bonus for a logging call.
    /// Works on bytes: Foundation's string search was most of a large diff's time (perf).
    struct Fragment {
        let whole: [UInt8]
        /// Its words of three bytes or more: a fragment a variable split in the source
        /// (`"order " + id + " placed"`) is found word by word.
        let words: [[UInt8]]
    }

    static func score(_ fragments: [Fragment], _ total: Int, literal: [UInt8], constantBytes: Int, logs: Bool) -> Double {
        guard !literal.isEmpty else { return 0 }
        var position = 0
        var matched = 0
        for f in fragments {
            if let at = find(f.whole, in: literal, from: position) {
                matched += f.whole.count
                position = at + f.whole.count
            } else {
                for w in f.words {
                    if let at = find(w, in: literal, from: position) {
                        matched += w.count + 1
                        position = at + w.count
                    }
                }
                matched = min(matched, total)
            }
        }
        let coverage = Double(min(matched, total)) / Double(total)
        guard coverage >= 0.5 else { return 0 }
        let explained = constantBytes == 0 ? 0 : min(1, Double(matched) / Double(constantBytes))
        // The logging call weighs a tenth: a near-miss in a logging call must not reach the
        // score of an exact statement.
        return min(1, 0.9 * (0.75 * coverage + 0.25 * explained) + (logs ? 0.1 : 0))
    }

    /// A statement "writes" a template when its literal's pieces (split at placeholders and concatenated
    /// variables) occur in order in the template, the first at its start and the last at its end: what a
    /// placeholder absorbs (a lock's name, a task that the miner kept as text) is then explained. Scored 0.8 to
    /// 0.9 by the share of the template the literal spells (plus the logging call's tenth), so a generic
    /// statement (`'Task %s not run, %s.'`) stays below one that spells the whole message; only when the
    /// literal says enough: 10 constant bytes or more, and at least a quarter of the template's.
    static func shape(literal: [UInt8], constantBytes: Int, template: [UInt8], logs: Bool) -> Double {
        guard constantBytes >= 10, !template.isEmpty else { return 0 }
        let templateBytes = template.filter { $0 != 32 && $0 != 9 }.count - 3 * occurrences(of: Array("<*>".utf8), in: template)
        guard templateBytes > 0, Double(constantBytes) >= 0.25 * Double(templateBytes) else { return 0 }
        let pieces = literal.split(separator: 1, omittingEmptySubsequences: false).map(Array.init)
        var position = 0
        for (k, piece) in pieces.enumerated() where !piece.isEmpty {
            if k == 0 {
                guard template.starts(with: piece) else { return 0 }
                position = piece.count
            } else if k == pieces.count - 1 {
                guard template.count - piece.count >= position, Array(template.suffix(piece.count)) == piece else { return 0 }
                position = template.count
            } else {
                guard let at = find(piece, in: template, from: position) else { return 0 }
                position = at + piece.count
            }
        }
        let share = min(1, Double(constantBytes) / Double(templateBytes))
        return min(1, 0.8 + 0.1 * share + (logs ? 0.1 : 0))
    }

    private static func occurrences(of needle: [UInt8], in hay: [UInt8]) -> Int {
        var n = 0
        var from = 0
        while let at = find(needle, in: hay, from: from) {
            n += 1
            from = at + needle.count
        }
        return n
    }

    private static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        let n = needle.count
        guard n > 0, from + n <= hay.count else { return nil }
        let first = needle[0]
        var i = from
        let last = hay.count - n
        while i <= last {
            if hay[i] == first {
                var k = 1
                while k < n, hay[i + k] == needle[k] { k += 1 }
                if k == n { return i }
            }
            i += 1
        }
        return nil
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
}
