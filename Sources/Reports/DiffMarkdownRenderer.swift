import Foundation
import PatternDiff

/// The diff as Markdown: a PR comment or a GitHub step summary. Summary first, a table of
/// changes, samples folded away.
public struct DiffMarkdownRenderer {
    public init() {}

    /// Untrusted text (names, templates, samples, file names) is escaped by `MarkdownText`: a logged
    /// `<script>` or `<img onerror=...>` shows as text, never as HTML, and cannot break the table.
    public func render(_ d: DeployDiff) -> String {
        var out = "## deploydiff: <code>\(md(d.baseline.name))</code> → <code>\(md(d.candidate.name))</code>\n\n"
        let shown = d.changes.filter { $0.kind != .rareAbsent }
        out += shown.isEmpty ? "No significant change in the logs.\n" : "\(shown.count) changes, \(d.incidents.count) incidents.\n"
        if !d.code.available, let r = d.code.reason { out += "\n> Code links unavailable: \(md(r))\n" }
        if !shown.isEmpty {
            out += "\n| Severity | Change | Template | Before → after | Code |\n|---|---|---|---|---|\n"
            for c in shown {
                let code = c.link.map { "<code>\(md($0.file)):\($0.line)</code>" + ($0.commit.map { " \(md(String($0.id.prefix(7))))" } ?? "") } ?? "—"
                let cls = c.classification.map { " (\($0.rawValue))" } ?? ""
                let ack = c.acknowledged ? " ✓ acknowledged" : ""
                out += "| \(c.severity.rawValue) | \(c.kind.rawValue)\(cls)\(ack) | <code>\(md(Elided.template(c.template.id, c.template.text, whenLong: true)))</code> | \(c.countA) → \(c.countB) | \(code) |\n"
            }
            for c in shown where !c.samples.isEmpty {
                // One source line: an HTML block, where only character references are read.
                out += "\n<details><summary>T\(c.template.id) samples</summary><pre>"
                out += c.samples.prefix(3).map { md($0, lineBreak: "&#10;") }.joined(separator: "&#10;") + "</pre></details>\n"
            }
        }
        return out
    }

    private func md(_ s: String, lineBreak: String = " ") -> String { MarkdownText.escape(s, lineBreak: lineBreak) }
}
