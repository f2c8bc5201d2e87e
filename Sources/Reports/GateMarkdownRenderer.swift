import Findings
import PatternDiff

/// A PR comment or GitHub step summary: the verdict first, then why, then the diff's table.
public struct GateMarkdownRenderer {
    public init() {}

    /// Untrusted text (the model's finding, templates, evidence, notes) is escaped by `MarkdownText`.
    public func render(_ r: GateReport) -> String {
        let icon = r.gate.decision == .fail ? "❌" : r.gate.decision == .warn ? "⚠️" : "✅"
        var out = "# \(icon) deploydiff gate: \(r.gate.decision.rawValue)\n\n"
        out += "**\(r.finding.verdict.rawValue)** (confidence \(Int(r.finding.confidence * 100))%): \(md(Elided.text(r.finding.title, limit: 200)))\n\n"
        if let top = r.diff.changes.first(where: { $0.kind != .rareAbsent && !$0.acknowledged }) { out += topChange(top, r.diff) }
        out += "**Next check:** \(md(r.finding.nextCheck, lineBreak: "<br>"))\n\n"
        out += md(r.finding.narrative, lineBreak: "<br>") + "\n"
        if !r.finding.proposedActions.isEmpty {
            out += "\n**Proposed (for a human to decide):**\n" + r.finding.proposedActions.map { "- \(md($0, lineBreak: "<br>"))" }.joined(separator: "\n") + "\n"
        }
        if !r.gate.violations.isEmpty {
            out += "\n| Rule | Action | Change | Measured |\n|---|---|---|---|\n"
            for v in r.gate.violations {
                out += "| \(md(v.rule)) | \(v.action.rawValue) | <code>\(md(Elided.text(v.template)))</code> | \(md(v.measured)) |\n"
            }
        }
        if !r.gate.notes.isEmpty { out += "\n" + r.gate.notes.map { "> \(md($0, lineBreak: "<br>"))" }.joined(separator: "\n") + "\n" }
        out += "\n" + DiffMarkdownRenderer().render(r.diff).replacingOccurrences(of: "## deploydiff:", with: "## Changes:")
        out += "\n<sub>Finding by the \(r.finding.routing.tier.rawValue) tier" + (r.finding.routing.model.map { " (\(md($0)))" } ?? "") + ".</sub>\n"
        return out
    }

    /// The change that matters most and its evidence, before anything else.
    private func topChange(_ c: Change, _ d: DeployDiff) -> String {
        var s = "**Top change:** \(c.severity.rawValue) \(c.kind.rawValue) T\(c.template.id) \(c.template.level) <code>\(md(Elided.text(c.template.text)))</code><br>"
        s += "\(c.countA) in \(md(d.baseline.name)) → \(c.countB) in \(md(d.candidate.name))" + String(format: ", q = %.2g", c.qValue)
        if c.countA == 0, let t = c.firstSeenB { s += ", first seen \(HistoryRenderer.iso(t))" }
        if let detail = c.recurrence.flatMap({ _ in c.detail }) { s += "<br>\(md(detail))" }
        if let l = c.link { s += "<br>statement <code>\(md(l.file)):\(l.line)</code> <code>\(md(Elided.text(l.text)))</code>" }
        if let cm = c.link?.commit ?? c.suspects?.first?.commit { s += "<br>commit <code>\(String(cm.id.prefix(10)))</code> \(md(cm.subject))" }
        return s + "\n\n"
    }

    private func md(_ s: String, lineBreak: String = " ") -> String { MarkdownText.escape(s, lineBreak: lineBreak) }
}
