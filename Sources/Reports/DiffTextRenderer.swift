import Foundation
import PatternDiff

/// The diff for a terminal: verdict line, incidents, then each change ranked, with counts, a
/// sample line and the linked code line. Colour only when asked (the CLI decides: a terminal and
/// no NO_COLOR).
public struct DiffTextRenderer {
    public var color: Bool
    public var maxChanges: Int

    public init(color: Bool = false, maxChanges: Int = 40) {
        self.color = color
        self.maxChanges = maxChanges
    }

    /// Control characters in untrusted text (log lines, templates, commits) are shown as `\x1b`
    /// and the like: only the renderer's own colours reach the terminal.
    public func render(_ raw: DeployDiff) -> String {
        let d = raw.terminalSafe
        var out = "deploydiff \(d.baseline.name) → \(d.candidate.name) (service \(d.service)): "
        out += "\(d.baseline.records) → \(d.candidate.records) records\n"
        let shown = d.changes.filter { $0.kind != .rareAbsent }
        let counts = Dictionary(grouping: shown, by: \.kind).mapValues(\.count)
        out += ChangeKind.allCases.compactMap { k in counts[k].map { "\($0) \(k.rawValue)" } }.joined(separator: ", ")
        out += shown.isEmpty ? "no significant change\n" : "\n"
        if !d.code.available, let r = d.code.reason { out += paint("code links unavailable: \(r)\n", dim) }
        if let range = d.code.range { out += "code: \(range), \(d.code.commits.count) commits, \(d.code.filesChanged) files\n" }
        for inc in d.incidents where inc.changes.count > 1 {
            out += paint("\nincident \(inc.id) [\(inc.severity.rawValue)] \(inc.changes.count) changes, in firing order (\(inc.reasons.joined(separator: ", "))):\n", bold)
            for id in inc.changes { out += "  - \(id)\n" }
        }
        for c in shown.prefix(maxChanges) { out += "\n" + change(c) }
        if shown.count > maxChanges { out += "\n… \(shown.count - maxChanges) more (the JSON report lists all)\n" }
        let rare = d.changes.count - shown.count
        if rare > 0 { out += "\n\(rare) rare templates absent from \(d.candidate.name) (not significant)\n" }
        return out
    }

    private func change(_ c: Change) -> String {
        let tag = "[\(c.severity.rawValue)]"
        var s = paint(tag, severityColor(c.severity)) + " \(c.kind.rawValue) T\(c.template.id) \(c.template.level): \(Elided.text(c.template.text))\n"
        var facts = "    \(c.countA) → \(c.countB)"
        if let r = c.ratio { facts += String(format: " (×%.2f)", r) }
        facts += String(format: ", p=%.2g q=%.2g", c.pValue, c.qValue)
        if let cl = c.classification { facts += ", \(cl.rawValue)" }
        if c.acknowledged { facts += ", acknowledged: \(c.acknowledgement ?? "")" }
        s += facts + "\n"
        if let d = c.detail { s += "    \(Elided.text(d, limit: 240))\n" }
        if let l = c.link {
            s += "    code: \(l.file):\(l.line) \(l.side == "added" ? "+" : "-") \(Elided.text(l.text))\n"
            if let cm = l.commit { s += "    commit \(String(cm.id.prefix(10))) \(cm.subject) (\(cm.author))\n" }
        }
        for sus in c.suspects ?? [] {
            s += "    suspect commit \(String(sus.commit.id.prefix(10))) \(sus.commit.subject) (\(sus.commit.author)): \(sus.reason)\n"
        }
        if let sample = c.samples.first { s += paint("    e.g. \(Elided.text(sample.split(separator: "\n").first.map(String.init) ?? "", limit: 160))\n", dim) }
        return s
    }

    private let bold = "\u{1B}[1m"
    private let dim = "\u{1B}[2m"

    private func severityColor(_ s: Severity) -> String {
        switch s {
        case .critical: "\u{1B}[1;31m"
        case .high: "\u{1B}[31m"
        case .medium: "\u{1B}[33m"
        case .low: "\u{1B}[36m"
        case .info: "\u{1B}[2m"
        }
    }

    private func paint(_ s: String, _ code: String) -> String { color ? code + s + "\u{1B}[0m" : s }
}
