import PatternDiff

/// The finding (and the gate's decision) for a terminal, followed by the diff.
public struct FindingTextRenderer {
    public var color: Bool
    public init(color: Bool = false) { self.color = color }

    /// Control characters in untrusted text, the model's answer included, are shown as `\x1b`.
    public func render(_ raw: GateReport, withGate: Bool) -> String {
        let r = raw.terminalSafe
        var out = ""
        let f = r.finding
        // The first screen: the decision, the verdict, the change that matters most with its
        // evidence, the next check. Details (rules, narrative, the diff) follow.
        if withGate {
            let word = r.gate.decision.rawValue.uppercased()
            let failed = Set(r.gate.violations.filter { $0.action == .fail }.map(\.rule)).sorted()
            let warned = Set(r.gate.violations.filter { $0.action == .warn }.map(\.rule)).sorted()
            var line = "gate: \(word)"
            if !failed.isEmpty { line += " (failed: \(failed.joined(separator: ", "))" + (warned.isEmpty ? ")" : "; warned: \(warned.joined(separator: ", ")))") }
            else if !warned.isEmpty { line += " (warned: \(warned.joined(separator: ", ")))" }
            out += paint(line, r.gate.decision == .fail ? "\u{1B}[1;31m" : r.gate.decision == .warn ? "\u{1B}[1;33m" : "\u{1B}[1;32m") + "\n"
        }
        out += paint("finding: \(f.verdict.rawValue) (confidence \(Int(f.confidence * 100))%, \(f.routing.tier.rawValue) tier)", "\u{1B}[1m") + "\n"
        out += "  \(Elided.text(f.title, limit: 200))\n"
        if let top = r.diff.changes.first(where: { $0.kind != .rareAbsent && !$0.acknowledged }) { out += topChange(top, r.diff) }
        out += "next check: \(f.nextCheck)\n"
        if withGate, !(r.gate.violations.isEmpty && r.gate.ignored.isEmpty && r.gate.notes.isEmpty) {
            out += "\npolicy:\n"
            for v in r.gate.violations {
                out += "  \(v.action == .fail ? "✗" : "!") \(v.rule): \(Elided.text(v.template)) (\(v.change))\n    \(Elided.text(v.measured, limit: 200))\n"
                if let f = v.file { out += "    at \(f):\(v.line ?? 0)\n" }
            }
            for i in r.gate.ignored { out += "  ~ \(Elided.text(i, limit: 200))\n" }
            for n in r.gate.notes { out += "  note: \(n)\n" }
        }
        out += "\n  \(f.narrative)\n"
        for a in f.proposedActions { out += "  proposed: \(a)\n" }
        for n in f.routing.notes { out += "  routing: \(n)\n" }
        out += "\n" + DiffTextRenderer(color: color).render(r.diff)
        return out
    }

    /// `top change: [critical] new T15 ERROR text…` and its evidence, one fact a line.
    private func topChange(_ c: Change, _ d: DeployDiff) -> String {
        var s = "top change: [\(c.severity.rawValue)] \(c.kind.rawValue) T\(c.template.id) \(c.template.level): \(Elided.text(c.template.text))\n"
        var records = "  records: \(c.countA) in \(d.baseline.name) → \(c.countB) in \(d.candidate.name)"
        if let r = c.ratio { records += String(format: " (×%.2f)", r) }
        records += String(format: ", q = %.2g", c.qValue)
        if c.countA == 0, let t = c.firstSeenB { records += ", first seen \(HistoryRenderer.iso(t))" }
        s += records + "\n"
        if let r = c.recurrence {
            s += "  came back: \(Elided.text(c.detail ?? "", limit: 240))\n"
            if let fix = r.fix { s += "  fix that did not hold: \(String(fix.id.prefix(10))) \(fix.subject) (\(fix.author)) in \(r.vanishedIn)\n" }
        } else if let trace = c.samples.lazy.compactMap(TraceFingerprint.read).first {
            s += "  frame: \(trace.summary)\n"
        }
        if let l = c.link { s += "  statement: \(l.file):\(l.line) \(Elided.text(l.text))\n" }
        if let cm = c.link?.commit ?? c.suspects?.first?.commit { s += "  commit: \(String(cm.id.prefix(10))) \(cm.subject) (\(cm.author))\n" }
        if let detail = c.detail, c.recurrence == nil { s += "  detail: \(Elided.text(detail, limit: 200))\n" }
        return s
    }

    private func paint(_ s: String, _ code: String) -> String { color ? code + s + "\u{1B}[0m" : s }
}
