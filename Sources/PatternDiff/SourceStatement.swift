import Foundation
import GitHistory

/// A statement that may write a log message, found in a run of source lines (a hunk's side, or a
/// whole file), with its string literals read as the message's constant text.
///
/// Messages built in pieces are read as one: a call over several lines (open parentheses), a line
/// continued by an operator (`"a " +` / `+ "b"`, `\`, implicit concatenation of adjacent literals),
/// and a variable assigned a literal and then extended (`msg += "..."`, `msg = msg + "..."`,
/// `msg .= "..."`) within the next lines. Placeholders of common languages are variables.
struct SourceStatement: Sendable {
    /// The index of its first line in the lines it was read from.
    let index: Int
    /// The string literals, placeholders and concatenated variables as byte 1 (see `literalText`).
    let literal: [UInt8]
    /// Non-space, non-placeholder bytes of `literal`.
    let constantBytes: Int
    let logs: Bool
    /// Made of several statements (`msg +=`): scored a little below one statement saying the same.
    let composed: Bool

    init(index: Int, literal: String, logs: Bool, composed: Bool) {
        self.index = index
        self.literal = Array(literal.utf8)
        constantBytes = self.literal.filter { $0 != 1 && $0 != 32 && $0 != 9 }.count
        self.logs = logs
        self.composed = composed
    }

    /// 0–1: how well the template's fragments are found, in order, in this statement's literals, or how
    /// well the statement's literal, its placeholders filled, writes the whole template (`StatementLinker.shape`).
    func score(_ fragments: [StatementLinker.Fragment], _ total: Int, template: [UInt8] = []) -> Double {
        let s = max(
            StatementLinker.score(fragments, total, literal: literal, constantBytes: constantBytes, logs: logs),
            StatementLinker.shape(literal: literal, constantBytes: constantBytes, template: template, logs: logs))
        return composed ? s * 0.97 : s
    }

    /// Every statement of `lines` that holds a string literal; composed messages as extra entries.
    static func statements(in lines: [String]) -> [SourceStatement] { statements(in: lines, startingAt: lines.indices) }

    /// The statements that start at the given lines.
    static func statements(in lines: [String], startingAt starts: some Sequence<Int>) -> [SourceStatement] {
        var out: [SourceStatement] = []
        // A call whose message starts on the next line (`log.exception(` then the literal) starts there too.
        for i in starts where mayLog(lines[i]) || balance(lines[i]) > 0 {
            let (text, end) = joined(lines, from: i)
            let literal = StatementLinker.literalText(text)
            guard literal.utf8.contains(where: { $0 != 1 && $0 != 32 }) else { continue }
            // A literal assigned to a variable that the next lines log (`msg = "..."` then
            // `log.error(msg)`) is a logging statement too.
            let name = assigned(lines[i])
            let logged = StatementLinker.loggingCall(text)
                || name != nil && lines[end..<min(lines.count, end + 2)].contains { $0.contains(name!) && StatementLinker.loggingCall($0) }
            out.append(SourceStatement(index: i, literal: literal, logs: logged, composed: false))
            if let name {
                var parts = [literal]
                var k = end
                var last = end
                while k < lines.count, k - end < 8 {
                    let t = lines[k].trimmingCharacters(in: .whitespaces)
                    if extends(t, name) {
                        let (more, e) = joined(lines, from: k)
                        parts.append(StatementLinker.literalText(more))
                        last = e
                        k = e
                        continue
                    }
                    if assigned(t) == name { break }
                    k += 1
                }
                if parts.count > 1 {
                    let tail = lines[min(last, lines.count)..<min(lines.count, last + 3)].joined(separator: " ")
                    out.append(
                        SourceStatement(
                            index: i, literal: parts.joined(separator: "\u{1}"),
                            logs: StatementLinker.loggingCall(text) || StatementLinker.loggingCall(tail), composed: true))
                }
            }
        }
        return out
    }

    /// The statement as shown in a link: its lines joined (a call whose message starts on the next line
    /// shows the message), whitespace runs collapsed, at most 200 characters.
    static func shown(_ lines: [String], from i: Int) -> String {
        let (text, _) = joined(lines, from: i)
        let collapsed = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        return collapsed.count > 200 ? String(collapsed.prefix(199)) + "…" : collapsed
    }

    /// The line of the statement starting at `i` that holds its message (its first literal): a link points
    /// there, not at a bare `log.info(` above it.
    static func messageLine(_ lines: [String], from i: Int) -> Int {
        let (_, end) = joined(lines, from: i)
        return (i..<end).first { mayLog(lines[$0]) } ?? i
    }

    /// Lines that could hold a log message: a string literal at least.
    static func mayLog(_ line: String) -> Bool { line.contains("\"") || line.contains("'") || line.contains("`") }

    /// The line joined with the next ones while its parentheses stay open or an operator continues
    /// it, at most 7 lines; returns the text and the index after its last line.
    static func joined(_ lines: [String], from i: Int) -> (String, Int) {
        var s = lines[i]
        var depth = balance(lines[i])
        var j = i + 1
        while j < lines.count, j - i <= 6 {
            let prev = lines[j - 1].trimmingCharacters(in: .whitespaces)
            let next = lines[j].trimmingCharacters(in: .whitespaces)
            guard depth > 0 || continues(prev, next) else { break }
            s += " " + next
            depth += balance(lines[j])
            j += 1
        }
        return (s, j)
    }

    private static func balance(_ s: String) -> Int {
        var d = 0
        for b in s.utf8 {
            if b == UInt8(ascii: "(") { d += 1 } else if b == UInt8(ascii: ")") { d -= 1 }
        }
        return d
    }

    /// An expression that goes on over the line break: a trailing `+`, `\`, `.`, `%` or `..`, or a
    /// next line that starts with an operator or another literal.
    private static func continues(_ prev: String, _ next: String) -> Bool {
        guard !next.isEmpty else { return false }
        if let l = prev.last, "+\\%.".contains(l) { return !prev.hasSuffix("++") }
        if prev.hasSuffix("..") || prev.hasSuffix("<<") { return true }
        if next.hasPrefix("+ ") || next.hasPrefix("..") || next.hasPrefix("<<") || next.hasPrefix("% ") || next.hasPrefix(".format(") { return true }
        guard let f = next.first else { return false }
        if "\"'`".contains(f) { return prev.contains("\"") || prev.contains("'") || prev.contains("`") }
        return false
    }

    private static let assignment = try! NSRegularExpression(
        pattern: #"^\s*(?:(?:var|let|val|const|final|auto|String|string|std::string|char\s*\*)\s+)?\$?([A-Za-z_][A-Za-z0-9_]*)\s*(?::\s*[A-Za-z_][\w<>\[\]?.]*\s*)?(?::=|=)(?!=)"#)

    /// The variable a line assigns (`msg = "..."`, `String msg = ...`, `msg := ...`), if any.
    static func assigned(_ line: String) -> String? {
        let ns = line as NSString
        guard let m = assignment.firstMatch(in: line, range: NSRange(location: 0, length: ns.length)) else { return nil }
        return ns.substring(with: m.range(at: 1))
    }

    /// `name += ...`, `name = name + ...`, `name .= ...` (PHP), `name <<` (Ruby).
    private static func extends(_ trimmed: String, _ name: String) -> Bool {
        var t = Substring(trimmed)
        if t.hasPrefix("$") { t = t.dropFirst() }
        guard t.hasPrefix(name) else { return false }
        let rest = t.dropFirst(name.count).drop { $0 == " " }
        if rest.hasPrefix("+=") || rest.hasPrefix(".=") || rest.hasPrefix("<<") { return true }
        guard rest.hasPrefix("="), !rest.hasPrefix("==") else { return false }
        let rhs = rest.dropFirst().drop { $0 == " " || $0 == "$" }
        return rhs.hasPrefix(name) && rhs.dropFirst(name.count).drop { $0 == " " }.hasPrefix("+")
    }
}

/// Paths that never explain a production log line by default: tests, docs, examples, changelogs,
/// vendored code. A pattern ending in `/` names a directory anywhere in the path; a pattern with a
/// `/` inside is a glob on the whole path; any other is a glob on the file name (`*` any run, `?`
/// one character; case-sensitive).
public struct PathFilter: Sendable, Equatable {
    public let patterns: [String]

    public init(_ patterns: [String]) { self.patterns = patterns }

    public static let defaultPatterns: [String] = [
        "test/", "tests/", "Tests/", "testing/", "__tests__/", "spec/", "specs/", "testdata/", "fixtures/", "docs/", "doc/",
        "examples/", "example/", "samples/", "vendor/", "vendored/", "_vendor/", "third_party/", "thirdparty/", "node_modules/",
        "test_*.py", "*_test.py", "*_tests.py", "conftest.py", "*_test.go", "*Test.java", "*Tests.java", "*Test.kt", "*Tests.kt",
        "*Tests.swift", "*Test.swift", "*.test.js", "*.test.ts", "*.spec.js", "*.spec.ts", "*_spec.rb", "*_test.rb", "*_test.c", "*_test.cc",
        "*.md", "*.rst", "*.txt", "*.adoc", "*.po", "*.pot", "CHANGES*", "CHANGELOG*", "HISTORY*", "NEWS*", "RELEASE*NOTES*",
    ]

    public func matches(_ path: String) -> Bool {
        let parts = path.split(separator: "/").map(String.init)
        let name = parts.last ?? path
        let dirs = parts.dropLast()
        for p in patterns where !p.isEmpty {
            if p.hasSuffix("/") {
                let d = String(p.dropLast())
                if d.contains("/") {
                    if dirs.indices.contains(where: { i in Self.glob(d, dirs[..<(i + 1)].joined(separator: "/")) }) { return true }
                    if Self.glob(d + "/*", path) { return true }
                } else if dirs.contains(where: { Self.glob(d, $0) }) {
                    return true
                }
            } else if p.contains("/") {
                if Self.glob(p, path) { return true }
            } else if Self.glob(p, name) {
                return true
            }
        }
        return false
    }

    static func glob(_ pattern: String, _ text: String) -> Bool { Glob.matches(pattern, text) }
}

/// Finds the statement that writes a template in a whole tree (baseline or candidate), through the
/// corpus's word index: only files holding the template's rarest words are read, and each file's
/// statements are extracted once per diff.
final class TreeLinker {
    struct Hit {
        let path: String
        /// 1-based.
        let line: Int
        let text: String
        let score: Double
    }

    let corpus: SourceCorpus
    let exclude: PathFilter
    /// Per blob, per start line: the statements extracted there (once per diff).
    private var statements: [Int: [Int: [SourceStatement]]] = [:]
    /// A statement starts at most this many lines before a line holding the template's rarest word.
    static let window = 14

    init(_ corpus: SourceCorpus, exclude: PathFilter) {
        self.corpus = corpus
        self.exclude = exclude
    }

    /// The best statement of tree `t` (an index into the corpus's trees) for the template. A
    /// statement in a file that `frames` (the samples' stack-trace files) names outranks one in a
    /// file that merely holds the same words; the reported score stays the text's.
    func best(_ template: String, tree t: Int, minScore: Double, frames: [String] = []) -> Hit? {
        let fragments = StatementLinker.fragments(of: template)
        let total = fragments.reduce(0) { $0 + $1.count }
        guard total >= 6, t < corpus.trees.count else { return nil }
        let words = SourceCorpus.words(fragments.joined(separator: " ")).filter { corpus.frequency(of: $0) > 0 }
            .sorted { (corpus.frequency(of: $0), $0) < (corpus.frequency(of: $1), $1) }
        guard !words.isEmpty else { return nil }
        let encoded = StatementLinker.encode(fragments)
        let whole = Array(template.utf8)
        var best: Hit?
        // The files holding any of the three rarest words, not all of them: a template may keep a variable's
        // value as text (every failing request had the same path), and that word is in no source file.
        let keys = words.prefix(3).map { Array($0.utf8) }
        var bestRank = 0.0
        var blobs = Set<Int>()
        for w in words.prefix(3) { blobs.formUnion(corpus.blobs(containing: [w])) }
        for b in blobs.sorted() {
            guard let path = corpus.places[b].first(where: { $0.tree == t && !exclude.matches($0.path) })?.path else { continue }
            let lines = corpus.blobs[b].lines
            // Only statements near a line with one of those words can hold the template.
            var starts = IndexSet()
            for (i, line) in lines.enumerated() where keys.contains(where: { Self.containsLowercased(line, $0) }) {
                starts.insert(integersIn: max(0, i - Self.window)...i)
            }
            var sts: [SourceStatement] = []
            var memo = statements[b] ?? [:]
            for i in starts {
                if memo[i] == nil { memo[i] = SourceStatement.statements(in: lines, startingAt: CollectionOfOne(i)) }
                sts += memo[i]!
            }
            statements[b] = memo
            let inTrace = frames.contains { Self.sameFile($0, path) }
            for st in sts {
                let s = st.score(encoded, total, template: whole)
                let rank = s + (inTrace ? 0.2 : 0)
                if s >= minScore, rank > bestRank {
                    bestRank = rank
                    best = Hit(path: path, line: SourceStatement.messageLine(lines, from: st.index) + 1, text: SourceStatement.shown(lines, from: st.index), score: s)
                }
            }
        }
        return best
    }

    /// A trace's file (`/srv/shop/app/checkout.py`, `checkout.py`) names a repository path when one
    /// ends with the other at a `/`.
    static func sameFile(_ frame: String, _ path: String) -> Bool {
        frame == path || frame.hasSuffix("/" + path) || (!frame.contains("/") && path.hasSuffix("/" + frame))
    }

    private static let framePatterns = [
        #"File "([^"]+)", line \d+"#,  // Python
        #"\bat [\w.$<>]+\(([\w.-]+\.(?:java|kt|scala|groovy)):\d+\)"#,  // Java, Kotlin
        #"^\s*(/[^\s:]+\.go):\d+"#,  // Go
        #"\bat (?:[^\s(]+ \()?((?:/|\.{1,2}/)?[^\s():]+\.(?:js|mjs|cjs|ts)):\d+:\d+"#,  // Node.js
        #"\b([\w./-]+\.swift):\d+"#,  // Swift
    ].map { try! NSRegularExpression(pattern: $0, options: [.anchorsMatchLines]) }

    /// The files the samples' stack traces name, deepest frame first (a Python traceback lists
    /// the deepest frame last; Java, Kotlin, Go, Node.js and Swift list it first).
    static func traceFiles(_ samples: [String]) -> [String] {
        var out: [String] = []
        for s in samples {
            let ns = s as NSString
            for (k, p) in framePatterns.enumerated() {
                var found = p.matches(in: s, range: NSRange(location: 0, length: ns.length)).filter { $0.range(at: 1).location != NSNotFound }
                    .map { ns.substring(with: $0.range(at: 1)) }
                if k == 0 { found.reverse() }
                for f in found where !out.contains(f) { out.append(f) }
            }
        }
        return out
    }

    /// Whether `line` holds `word` (lower-case ASCII letters or digits), ignoring ASCII case.
    static func containsLowercased(_ line: String, _ word: [UInt8]) -> Bool {
        var u = Array(line.utf8)
        guard u.count >= word.count, let first = word.first else { return false }
        for k in u.indices where u[k] >= 65 && u[k] <= 90 { u[k] |= 0x20 }
        var i = 0
        while i <= u.count - word.count {
            if u[i] == first {
                var k = 1
                while k < word.count, u[i + k] == word[k] { k += 1 }
                if k == word.count { return true }
            }
            i += 1
        }
        return false
    }
}
