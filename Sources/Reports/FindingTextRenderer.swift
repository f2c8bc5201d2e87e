import PatternDiff

/// The finding (and the gate's decision) for a terminal, followed by the diff.
public struct FindingTextRenderer {
    public var color: Bool
    public init(color: Bool = false) { self.color = color }

    /// Control characters in untrusted text, the model's answer included, are shown as `\x1b`.
    public func render(_ raw: GateReport, withGate: Bool) -> String {
        let r = raw.terminalSafe
        var out = ""
        if withGate {
            let word = r.gate.decision.rawValue.uppercased()
            out += paint("gate: \(word)", r.gate.decision == .fail ? "\u{1B}[1;31m" : r.gate.decision == .warn ? "\u{1B}[1;33m" : "\u{1B}[1;32m") + "\n"
            for v in r.gate.violations {
                out += "  \(v.action == .fail ? "✗" : "!") \(v.rule): \(v.template)\n    \(v.measured)\n"
                if let f = v.file { out += "    at \(f):\(v.line ?? 0)\n" }
            }
            for i in r.gate.ignored { out += "  ~ \(i)\n" }
            for n in r.gate.notes { out += "  note: \(n)\n" }
            out += "\n"
        }
        let f = r.finding
        out += paint("finding: \(f.verdict.rawValue) (confidence \(Int(f.confidence * 100))%, \(f.routing.tier.rawValue) tier)", "\u{1B}[1m") + "\n"
        out += "  \(f.title)\n\n  \(f.narrative)\n\n  next check: \(f.nextCheck)\n"
        for a in f.proposedActions { out += "  proposed: \(a)\n" }
        for n in f.routing.notes { out += "  routing: \(n)\n" }
        out += "\n" + DiffTextRenderer(color: color).render(r.diff)
        return out
    }

    private func paint(_ s: String, _ code: String) -> String { color ? code + s + "\u{1B}[0m" : s }
}
