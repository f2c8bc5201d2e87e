import Foundation
import GitHistory

/// A statement that hands a message's literal to a function (`print_listen("Serving on http://{}:{}")`) writes
/// the template only through that function. When the range made that function's body log (an added line with a
/// logging call inside its definition), the range made the template appear, though the literal's line is
/// untouched: the template is added by this deploy, and the added line is its link.
enum ChangedCallee {
    struct Hit {
        let file: FileChange
        let hunk: DiffHunk
        let line: DiffLine
    }

    private static let call = try! NSRegularExpression(pattern: #"([A-Za-z_][A-Za-z0-9_]*)\s*\(\s*[fFrRbB]{0,2}["'`]"#)
    /// A call whose name says it logs or prints (`log.info(`, `self.log_info(`, `logger.warning(`).
    private static let logs = try! NSRegularExpression(
        pattern: #"(?i)\b\w*(log|warn|error|info|debug|fatal|critical|trace|print)\w*\s*\("#)
    /// A body ends at the next line indented no deeper than its definition, or after this many lines.
    static let maxBody = 60

    /// The function the statement's first literal is passed to.
    static func callee(of statement: String) -> String? {
        let ns = statement as NSString
        guard let m = call.firstMatch(in: statement, range: NSRange(location: 0, length: ns.length)) else { return nil }
        return ns.substring(with: m.range(at: 1))
    }

    static func find(statement: String, corpus: SourceCorpus, tree: Int, files: [FileChange], exclude: PathFilter) -> Hit? {
        guard let name = callee(of: statement), !StatementLinker.loggingCall(name) else { return nil }
        let definition = try! NSRegularExpression(
            pattern: #"^(\s*)(?:async\s+)?(?:def|func|fun|function|fn)\s+"# + NSRegularExpression.escapedPattern(for: name) + #"\s*[(<]"#)
        let changed = Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        for b in corpus.blobs(containing: SourceCorpus.words(name)) {
            for place in corpus.places[b] where place.tree == tree && !exclude.matches(place.path) {
                guard let file = changed[place.path] else { continue }
                let lines = corpus.blobs[b].lines
                for (i, line) in lines.enumerated() {
                    let ns = line as NSString
                    guard let m = definition.firstMatch(in: line, range: NSRange(location: 0, length: ns.length)) else { continue }
                    let indent = m.range(at: 1).length
                    var end = i + 1
                    while end < min(lines.count, i + maxBody) {
                        let l = lines[end]
                        let depth = l.prefix { $0 == " " || $0 == "\t" }.count
                        if !l.trimmingCharacters(in: .whitespaces).isEmpty, depth <= indent { break }
                        end += 1
                    }
                    // 1-based lines i+2 ... end hold the body.
                    for hunk in file.hunks {
                        for l in hunk.lines where l.kind == .added {
                            guard let n = l.newLine, n > i + 1, n <= end else { continue }
                            let t = l.text as NSString
                            if logs.firstMatch(in: l.text, range: NSRange(location: 0, length: t.length)) != nil {
                                return Hit(file: file, hunk: hunk, line: l)
                            }
                        }
                    }
                }
            }
        }
        return nil
    }
}
