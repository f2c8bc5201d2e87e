import PatternDiff
import Redaction
import LLMClient

/// The prompts of the model tier. Instructions come only from the system prompt; everything from
/// logs, diffs and repositories is fenced and labelled as untrusted data.
enum FindingPrompt {
    static let schema = ResponseSchema(
        name: "finding",
        description: "The finding about a deploy, for a human reviewer.",
        schema: [
            "type": "object",
            "properties": [
                "verdict": ["type": "string", "enum": ["regression", "intended-change", "benign", "inconclusive"]],
                "confidence": ["type": "number", "minimum": 0, "maximum": 1],
                "title": ["type": "string"],
                "narrative": ["type": "string"],
                "suspected_templates": ["type": "array", "items": ["type": "integer"]],
                "next_check": ["type": "string"],
                "proposed_actions": ["type": "array", "items": ["type": "string"]],
                "incidents": ["type": "string"],
            ],
            "required": ["verdict", "confidence", "title", "narrative", "next_check"],
            "additionalProperties": false,
        ])

    static let system = """
        You review what a deploy changed in how a service logs. You get a ranked diff of log templates \
        between a baseline and a candidate deployment, with counts, statistics, samples and the code \
        changes linked to them. Decide: are these changes one incident or several, which are benign, \
        what degrades silently, and which commit most likely caused a regression. Answer with a finding: \
        verdict (regression, intended-change, benign, inconclusive), confidence 0-1, a short title, a \
        narrative of a few sentences, the template ids at the heart of it, one next check for a human, and \
        proposed actions as text (nothing will be executed). A change whose statement was added or removed \
        by the diff is intended; an unexplained new ERROR template is the strongest sign of a regression.

        """ + UntrustedText.systemPromptNotice

    static let escalationSystem = system + """


        You may call the read-only tools to investigate (samples, a template's history, the hunk or \
        file at the candidate, commits touching a path, the range's messages) before you answer. \
        Call them only when they can change your answer; then answer with the finding.
        """

    /// The diff for a model: ranked changes with their evidence, samples fenced as untrusted data.
    static func diffMessage(_ d: DeployDiff, maxChanges: Int = 25) -> String {
        var s = "Baseline \(d.baseline.name) (\(d.baseline.records) records) → candidate \(d.candidate.name) (\(d.candidate.records) records).\n"
        s += d.code.available ? "Code range \(d.code.range ?? ""): \(d.code.commits.count) commits.\n" : "No code range: \(d.code.reason ?? "").\n"
        for c in d.code.commits.prefix(20) { s += "  commit \(String(c.id.prefix(10))) \(UntrustedText.defuse(c.subject)) (\(UntrustedText.defuse(c.author)))\n" }
        let shown = d.changes.filter { $0.kind != .rareAbsent }.prefix(maxChanges)
        s += "\nChanges, most severe first (\(shown.count) of \(d.changes.count)):\n"
        for c in shown {
            s += "\n- id \(c.id), template T\(c.template.id) [\(c.template.level)], \(c.kind.rawValue), severity \(c.severity.rawValue)"
            s += ", \(c.countA) → \(c.countB) records, q=\(String(format: "%.2g", c.qValue))"
            if let cl = c.classification { s += ", \(cl.rawValue)" }
            if c.acknowledged { s += ", acknowledged" }
            s += "\n" + UntrustedText.fence(c.template.text, kind: "template", id: "T\(c.template.id)") + "\n"
            if let l = c.link {
                s += "  linked: \(l.file):\(l.line) (\(l.side))" + (l.commit.map { " commit \(String($0.id.prefix(10)))" } ?? "") + "\n"
                s += UntrustedText.fence(l.text, kind: "code", id: "\(c.id)-code") + "\n"
            }
            for sus in c.suspects ?? [] { s += "  suspect commit \(String(sus.commit.id.prefix(10))): \(sus.reason)\n" }
            if let f = c.frame { s += "  raised at (innermost repository frame): \(f.summary)\n" }
            if let sample = c.samples.first {
                // The trace's summary (exception line, repository frames, innermost frame), not its first lines.
                s += UntrustedText.fence(StackTrace.digest(sample, limit: 1500, repositoryFile: c.frame?.file), kind: "log-data", id: "\(c.id)-sample") + "\n"
            }
        }
        return s
    }
}
