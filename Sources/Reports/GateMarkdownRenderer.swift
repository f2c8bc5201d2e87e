import ModelTier
import PatternDiff

/// A PR comment or GitHub step summary: the verdict first, then why, then the diff's table.
public struct GateMarkdownRenderer {
    public init() {}

    public func render(_ r: GateReport) -> String {
        let icon = r.gate.decision == .fail ? "❌" : r.gate.decision == .warn ? "⚠️" : "✅"
        var out = "# \(icon) deploydiff gate: \(r.gate.decision.rawValue)\n\n"
        out += "**\(r.finding.verdict.rawValue)** (confidence \(Int(r.finding.confidence * 100))%): \(r.finding.title)\n\n"
        out += r.finding.narrative + "\n\n"
        out += "**Next check:** \(r.finding.nextCheck)\n"
        if !r.finding.proposedActions.isEmpty {
            out += "\n**Proposed (for a human to decide):**\n" + r.finding.proposedActions.map { "- \($0)" }.joined(separator: "\n") + "\n"
        }
        if !r.gate.violations.isEmpty {
            out += "\n| Rule | Action | Change | Measured |\n|---|---|---|---|\n"
            for v in r.gate.violations {
                out += "| \(v.rule) | \(v.action.rawValue) | `\(cell(v.template))` | \(cell(v.measured)) |\n"
            }
        }
        if !r.gate.notes.isEmpty { out += "\n" + r.gate.notes.map { "> \($0)" }.joined(separator: "\n") + "\n" }
        out += "\n" + DiffMarkdownRenderer().render(r.diff).replacingOccurrences(of: "## deploydiff:", with: "## Changes:")
        out += "\n<sub>Finding by the \(r.finding.routing.tier.rawValue) tier" + (r.finding.routing.model.map { " (\($0))" } ?? "") + ".</sub>\n"
        return out
    }

    private func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "`", with: "'") }
}
