import Foundation
import LogMining
import PatternDiff

/// Evaluates a policy on a diff. Deterministic: the decision comes from the diff and the policy;
/// a model's opinion only explains it, unless the policy sets `trustModelVerdict`.
public enum Gate {
    public static func evaluate(_ d: DeployDiff, policy raw: GatePolicy, opinion: ModelOpinion? = nil) -> GateResult {
        let policy = raw.resolved(for: d.service)
        var ignored: [String] = []
        var live: [Change] = []
        for c in d.changes where c.kind != .rareAbsent {
            if c.acknowledged {
                ignored.append("\(c.id): acknowledged (\(c.acknowledgement ?? ""))")
            } else if let i = (policy.ignore ?? []).first(where: { ignores($0, c) }) {
                ignored.append("\(c.id): ignored by policy" + (i.reason.map { " (\($0))" } ?? ""))
            } else {
                live.append(c)
            }
        }
        var violations: [GateResult.Violation] = []
        var outcomes: [GateResult.RuleOutcome] = []
        for rule in policy.effectiveRules {
            let hits = live.filter { matches(rule, $0) }
            outcomes.append(.init(rule: rule.name, action: rule.action, violations: hits.count))
            violations += hits.map { violation(rule, $0) }
        }
        var decision: GateResult.Decision = violations.contains { $0.action == .fail } ? .fail : violations.isEmpty ? .pass : .warn
        var notes: [String] = []
        if decision == .fail, let o = opinion, !o.isRegression {
            if policy.trustModelVerdict == true {
                decision = .warn
                notes.append("the \(o.source) finding (\(o.verdict)) overrode the failure: the policy trusts model verdicts")
            } else {
                notes.append("the \(o.source) finding says \(o.verdict); the gate still fails: the policy does not trust model verdicts")
            }
        }
        return GateResult(decision: decision, rules: outcomes, violations: violations, ignored: ignored, notes: notes)
    }

    static func matches(_ r: GatePolicy.Rule, _ c: Change) -> Bool {
        if let k = r.kinds, !k.isEmpty, !k.contains(c.kind) { return false }
        if let cl = r.classifications, !cl.contains(where: { $0 == classification(c) }) { return false }
        if let m = r.minLevel, c.template.level < m { return false }
        if let m = r.maxLevel, c.template.level > m { return false }
        if let min = r.minRatio, (c.ratio ?? .infinity) < min { return false }
        if let q = r.maxQ, c.qValue >= q { return false }
        if let g = r.match, !glob(g, c.template.text) { return false }
        return true
    }

    /// A change the diff could not classify (no repository, no tags, the code unreadable) counts
    /// as unexplained: missing evidence never passes a rule that an unexplained change would fail.
    static func classification(_ c: Change) -> Classification? {
        if let known = c.classification { return known }
        switch c.kind {
        case .new: return .unexplainedNew
        case .vanished: return .unexplainedVanished
        default: return nil
        }
    }

    private static func ignores(_ i: GatePolicy.Ignore, _ c: Change) -> Bool {
        if let t = i.template, t == c.template.id { return true }
        if let g = i.match, glob(g, c.template.text) { return true }
        return false
    }

    private static func violation(_ r: GatePolicy.Rule, _ c: Change) -> GateResult.Violation {
        var m = "\(c.kind.rawValue) \(c.template.level) template"
        if let cl = c.classification { m += ", \(cl.rawValue)" }
        m += "; \(c.countA) → \(c.countB) records"
        if let ratio = c.ratio { m += String(format: "; ratio %.2f", ratio) + (r.minRatio.map { String(format: " (threshold %.2f)", $0) } ?? "") }
        m += String(format: "; q = %.2g", c.qValue) + (r.maxQ.map { " (threshold \($0))" } ?? "")
        if let d = c.detail { m += "; \(d)" }
        return .init(
            rule: r.name, action: r.action, change: c.id, template: c.template.text, level: c.template.level, measured: m, file: c.link?.file,
            line: c.link?.line, commit: (c.link?.commit ?? c.suspects?.first?.commit)?.id)
    }

    /// `*` any run, `?` one character; whole-string match (`Glob`, shared with the path filter).
    static func glob(_ pattern: String, _ text: String) -> Bool { Glob.matches(pattern, text) }
}
