import Foundation
import PatternDiff

/// The diff as Markdown: a PR comment or a GitHub step summary. Summary first, a table of
/// changes, samples folded away.
public struct DiffMarkdownRenderer {
    public init() {}

    public func render(_ d: DeployDiff) -> String {
        var out = "## deploydiff: `\(d.baseline.name)` → `\(d.candidate.name)`\n\n"
        let shown = d.changes.filter { $0.kind != .rareAbsent }
        out += shown.isEmpty ? "No significant change in the logs.\n" : "\(shown.count) changes, \(d.incidents.count) incidents.\n"
        if !d.code.available, let r = d.code.reason { out += "\n> Code links unavailable: \(escape(r))\n" }
        if !shown.isEmpty {
            out += "\n| Severity | Change | Template | Before → after | Code |\n|---|---|---|---|---|\n"
            for c in shown {
                let code = c.link.map { "`\(escape($0.file)):\($0.line)`" + ($0.commit.map { " \(String($0.id.prefix(7)))" } ?? "") } ?? "—"
                let cls = c.classification.map { " (\($0.rawValue))" } ?? ""
                let ack = c.acknowledged ? " ✓ acknowledged" : ""
                out += "| \(c.severity.rawValue) | \(c.kind.rawValue)\(cls)\(ack) | `\(escape(c.template.text))` | \(c.countA) → \(c.countB) | \(code) |\n"
            }
            for c in shown where !c.samples.isEmpty {
                out += "\n<details><summary>T\(c.template.id) samples</summary>\n\n```\n"
                out += c.samples.prefix(3).joined(separator: "\n") + "\n```\n</details>\n"
            }
        }
        return out
    }

    private func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "`", with: "'").replacingOccurrences(of: "\n", with: " ")
    }
}
