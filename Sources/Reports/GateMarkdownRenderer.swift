import Findings
import PatternDiff

/// A PR comment or GitHub step summary: the verdict first, then why, then the diff's table.
public struct GateMarkdownRenderer {
    public init() {}

    /// Untrusted text (the model's finding, templates, evidence, notes) is escaped by `MarkdownText`.
    public func render(_ r: GateReport) -> String {
        let icon = r.gate.decision == .fail ? "❌" : r.gate.decision == .warn ? "⚠️" : "✅"
        var out = "# \(icon) deploydiff gate: \(r.gate.decision.rawValue)\n\n"
        out += "**\(r.finding.verdict.rawValue)** (confidence \(Int(r.finding.confidence * 100))%): \(md(r.finding.title))\n\n"
        out += md(r.finding.narrative, lineBreak: "<br>") + "\n\n"
        out += "**Next check:** \(md(r.finding.nextCheck, lineBreak: "<br>"))\n"
        if !r.finding.proposedActions.isEmpty {
            out += "\n**Proposed (for a human to decide):**\n" + r.finding.proposedActions.map { "- \(md($0, lineBreak: "<br>"))" }.joined(separator: "\n") + "\n"
        }
        if !r.gate.violations.isEmpty {
            out += "\n| Rule | Action | Change | Measured |\n|---|---|---|---|\n"
            for v in r.gate.violations {
                out += "| \(md(v.rule)) | \(v.action.rawValue) | <code>\(md(v.template))</code> | \(md(v.measured)) |\n"
            }
        }
        if !r.gate.notes.isEmpty { out += "\n" + r.gate.notes.map { "> \(md($0, lineBreak: "<br>"))" }.joined(separator: "\n") + "\n" }
        out += "\n" + DiffMarkdownRenderer().render(r.diff).replacingOccurrences(of: "## deploydiff:", with: "## Changes:")
        out += "\n<sub>Finding by the \(r.finding.routing.tier.rawValue) tier" + (r.finding.routing.model.map { " (\(md($0)))" } ?? "") + ".</sub>\n"
        return out
    }

    private func md(_ s: String, lineBreak: String = " ") -> String { MarkdownText.escape(s, lineBreak: lineBreak) }
}
