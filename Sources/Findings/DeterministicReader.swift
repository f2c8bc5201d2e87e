import Foundation
import LogMining
import PatternDiff

/// Writes the finding from the diff alone: offline, no keys, the default, and what a gate can
/// trust. A new ERROR/FATAL template no added statement writes (newly reached or unexplained), or
/// a significant rate increase of one, is a regression naming the pattern, its statement, the
/// counts, q and first record, and the most likely commit; an added ERROR statement is intended; only intended or acknowledged
/// changes is an intended change; nothing significant is benign.
public enum DeterministicReader {
    public static func finding(for d: DeployDiff) -> Finding {
        let live = d.changes.filter { !$0.acknowledged && $0.kind != .rareAbsent }
        let regressions = live.filter(isRegression)
        let routing = Finding.Routing(tier: .deterministic, model: nil, inputTokens: 0, outputTokens: 0, calls: 0, seconds: 0, notes: [])
        if !regressions.isEmpty {
            if regressions[0].kind == .recurrence { return recurrence(d, regressions, routing) }
            return regression(d, regressions, routing)
        }
        if let drop = d.incidents.first(where: { $0.kind == .silentDegradation }) { return silentDegradation(d, drop, routing) }
        let explained = live.filter { [.intended, .removed, .reworded].contains($0.classification) }
        let acknowledged = d.changes.filter(\.acknowledged)
        let unexplained = live.filter { $0.severity >= .medium && !explained.contains($0) }
        if !unexplained.isEmpty {
            return Finding(
                verdict: .inconclusive, confidence: 0.5,
                title: "\(unexplained.count) unexplained change\(unexplained.count == 1 ? "" : "s") in \(d.candidate.name), none an error",
                narrative: "\(d.candidate.name) changed how the service logs in ways the code range does not explain, but no error or fatal template is new or rising. " + lead(unexplained[0]),
                suspectedPattern: unexplained.prefix(5).map(pattern), evidence: unexplained.prefix(5).map(evidence),
                nextCheck: "Check whether \(quote(unexplained[0])) is expected after this deploy; acknowledge it with 'deploydiff ack T\(unexplained[0].template.id)' if so.",
                proposedActions: [], suspectCommit: unexplained[0].suspects?.first?.commit.id, routing: routing)
        }
        if !explained.isEmpty || !acknowledged.isEmpty {
            let all = explained + acknowledged
            return Finding(
                verdict: .intendedChange, confidence: 0.9,
                title: "\(d.candidate.name): \(all.count) change\(all.count == 1 ? "" : "s"), all written by the code or acknowledged",
                narrative: "Every significant change between \(d.baseline.name) and \(d.candidate.name) is explained: "
                    + summary(explained) + (acknowledged.isEmpty ? "" : " \(acknowledged.count) acknowledged.") + " No error template is new or rising.",
                suspectedPattern: [], evidence: all.prefix(8).map(evidence),
                nextCheck: "Skim the new templates' samples to confirm they read as intended.", proposedActions: [], suspectCommit: nil,
                routing: routing)
        }
        if let fixed = live.first(where: { $0.kind == .vanished && $0.template.level >= .error }) { return fixedError(d, fixed, routing) }
        return Finding(
            verdict: .benign, confidence: 0.9, title: "\(d.candidate.name): no significant change in the logs",
            narrative: "Between \(d.baseline.name) and \(d.candidate.name) no template is new, vanished or shifted beyond chance (q < \(d.options.alpha), at least ×\(d.options.minEffect)).",
            suspectedPattern: [], evidence: [], nextCheck: "Nothing to check in the logs.", proposedActions: [], suspectCommit: nil, routing: routing)
    }

    /// Changes a gate should fail on without a model: errors that appear or rise with no statement
    /// in the diff to explain them.
    public static func isRegression(_ c: Change) -> Bool {
        guard !c.acknowledged else { return false }
        let isError = c.template.level >= .error
        switch c.kind {
        case .new: return isError && c.classification != .intended && c.classification != .reworded
        case .rateIncrease: return isError
        case .levelChange: return c.levelsB.keys.contains { $0 >= .error } && c.severity >= .high
        case .exceptionChange: return true
        case .valueShift: return isError
        // A fixed bug is back, whatever its level: the fix did not hold.
        case .recurrence: return true
        default: return false
        }
    }

    private static func regression(_ d: DeployDiff, _ rs: [Change], _ routing: Finding.Routing) -> Finding {
        let top = rs[0]
        let commit = top.link?.commit ?? top.suspects?.first?.commit
        var narrative = "\(d.candidate.name) \(verb(top)) \(quote(top)) (\(top.countA) → \(top.countB) records"
        if let r = top.ratio { narrative += String(format: ", ×%.1f", r) }
        narrative += "). "
        if top.classification == .unexplainedNew { narrative += "No log statement in \(d.code.range ?? "the range") adds it: an existing error path now runs. " }
        if top.classification == .newlyReached {
            narrative += "Its statement"
            if let l = top.link { narrative += " (\(l.file):\(l.line))" }
            narrative += " was already in \(d.baseline.name): the range did not add it, an existing error path now runs. "
        }
        if let f = top.frame { narrative += "Its records are raised as \(f.summary), the innermost frame of the repository in their stack trace. " }
        if top.kind == .new || top.kind == .rateIncrease {
            narrative += String(format: "q = %.2g", top.qValue)
            if let t = top.firstSeenB { narrative += ", first seen \(iso(t))" }
            narrative += ". "
        }
        if let c = commit { narrative += "Most likely commit: \(String(c.id.prefix(10))) \"\(c.subject)\" by \(c.author)" + (top.suspects?.first.map { " (\($0.reason))" } ?? "") + ". " }
        if rs.count > 1 { narrative += "\(rs.count - 1) more error change\(rs.count == 2 ? "" : "s") came with it." }
        var actions = ["Roll back to \(d.baseline.name)."]
        if let c = commit { actions.append("Revert commit \(String(c.id.prefix(10))) (\(c.subject)).") }
        return Finding(
            verdict: .regression,
            confidence: top.classification == .unexplainedNew || top.classification == .newlyReached || top.kind == .rateIncrease ? 0.85 : 0.7,
            title: "Regression in \(d.candidate.name): \(Elided.template(top.template.id, top.template.text, whenLong: true))",
            narrative: narrative.trimmingCharacters(in: .whitespaces), suspectedPattern: rs.prefix(5).map(pattern),
            evidence: rs.prefix(8).map(evidence),
            nextCheck: top.frame.map { "Open \($0.file):\($0.line)" + ($0.function.map { " (\($0))" } ?? "") + ": find why it raises \($0.exception ?? "there") now"
                + (commit.map { ", reading commit \(String($0.id.prefix(10))) first" } ?? "") + "." }
                ?? commit.map { "Read commit \(String($0.id.prefix(10))) for what changes the path that logs \(quote(top)), and compare the samples' stack traces." }
                ?? "Find what calls the path that logs \(quote(top)) and what changed around it.",
            proposedActions: actions, suspectCommit: commit?.id, routing: routing)
    }

    /// A fixed bug came back: the fix named, whether it held (it did not), the trace compared.
    private static func recurrence(_ d: DeployDiff, _ rs: [Change], _ routing: Finding.Routing) -> Finding {
        let top = rs[0]
        let r = top.recurrence!
        let what = r.trace ?? "T\(top.template.id)"
        var narrative = (top.detail ?? what) + ". "
        narrative += "\(top.countB) record\(top.countB == 1 ? "" : "s") in \(d.candidate.name) against \(r.countBefore) in \(r.lastSeenIn) before the fix. "
        if let t = top.firstSeenB { narrative += "First seen \(iso(t)). " }
        if let l = top.link { narrative += "Logged by \(l.file):\(l.line). " }
        if rs.count > 1 { narrative += "\(rs.count - 1) more error change\(rs.count == 2 ? "" : "s") came with it." }
        let fix = r.fix.map { "\(String($0.id.prefix(10))) '\($0.subject)'" }
        var actions = ["Roll back to \(d.baseline.name)."]
        if let fix { actions.append("Reopen the bug fixed by \(fix): find what in \(d.code.range ?? d.candidate.name) undid it.") }
        let commit = top.link?.commit ?? top.suspects?.first?.commit
        return Finding(
            verdict: .regression, confidence: r.basis == .similarTrace ? 0.75 : 0.85,
            title: "Recurrence in \(d.candidate.name): " + (fix.map { "the fix \($0) (\(r.vanishedIn)) did not hold" } ?? "a fix of \(r.vanishedIn) did not hold")
                + ": \(what) is back",
            narrative: narrative.trimmingCharacters(in: .whitespaces), suspectedPattern: rs.prefix(5).map(pattern), evidence: rs.prefix(8).map(evidence),
            nextCheck: "Diff the fix \(fix ?? "of \(r.vanishedIn)") against \(d.candidate.name): is its change still there, and does the path through \(what) still reach it?",
            proposedActions: actions, suspectCommit: commit?.id ?? r.fix?.id, routing: routing)
    }

    /// An error stopped, and nothing new or rising: the fix (if the code names one) holds so far.
    private static func fixedError(_ d: DeployDiff, _ c: Change, _ routing: Finding.Routing) -> Finding {
        let commit = c.link?.commit ?? c.suspects?.first?.commit
        var narrative = "\(quote(c)) (\(c.countA) records in \(d.baseline.name)) stopped in \(d.candidate.name)"
        if let cl = c.classification { narrative += ", \(cl.rawValue)" }
        if let commit { narrative += "; most likely fixed by \(String(commit.id.prefix(10))) \"\(commit.subject)\" by \(commit.author)" }
        narrative += ". No template is new or rising. Whether the fix holds shows in later deploys: a diff reports it as a recurrence if it comes back."
        return Finding(
            verdict: .benign, confidence: 0.85, title: "\(d.candidate.name): an error stopped (T\(c.template.id)), nothing new or rising",
            narrative: narrative, suspectedPattern: [pattern(c)], evidence: [evidence(c)],
            nextCheck: "After the next deploy, run 'deploydiff history T\(c.template.id)': the fix held while its counts stay at 0.", proposedActions: [],
            suspectCommit: commit?.id, routing: routing)
    }

    /// Success or throughput down per minute while no error rises: nothing fails loudly.
    private static func silentDegradation(_ d: DeployDiff, _ i: Incident, _ routing: Finding.Routing) -> Finding {
        let drops = d.changes.filter { i.changes.contains($0.id) }
        let top = drops.min { ($0.ratio ?? 1, $0.id) < ($1.ratio ?? 1, $1.id) } ?? drops[0]
        let narrative = "No error is new or rising in \(d.candidate.name), but \(drops.count) success or throughput template\(drops.count == 1 ? "" : "s") dropped per minute of log time. "
            + "\(quote(top)): \(top.detail ?? "").  Per minute, not per record: the deployments ran \(d.baseline.minutes) and \(d.candidate.minutes) minutes."
        return Finding(
            verdict: .regression, confidence: 0.6,
            title: "Silent degradation in \(d.candidate.name): \(Elided.template(top.template.id, top.template.text, whenLong: true)) down per minute, no error rising",
            narrative: narrative, suspectedPattern: drops.prefix(5).map(pattern), evidence: drops.prefix(8).map(evidence),
            nextCheck: "Compare \(d.candidate.name)'s traffic with \(d.baseline.name)'s (was there less demand?) before blaming the code; if traffic was the same, look for what slows the path that logs \(quote(top)).",
            proposedActions: ["Check the service's request rate and latency for \(d.candidate.name)."], suspectCommit: nil, routing: routing)
    }

    static func pattern(_ c: Change) -> Finding.Pattern { .init(templateID: c.template.id, text: c.template.text) }

    static func evidence(_ c: Change) -> Finding.Evidence {
        Finding.Evidence(
            change: c.id, summary: "\(c.kind.rawValue) \(c.template.level) template" + (c.classification.map { ", \($0.rawValue)" } ?? "")
                + (c.detail.map { ": \($0)" } ?? ""),
            countA: c.countA, countB: c.countB, sample: c.samples.first.map { StackTrace.digest($0, limit: 500, repositoryFile: c.frame?.file) },
            file: c.link?.file, line: c.link?.line, commit: (c.link?.commit ?? c.suspects?.first?.commit)?.id,
            commitSubject: (c.link?.commit ?? c.suspects?.first?.commit)?.subject, frame: c.frame?.summary)
    }

    private static func verb(_ c: Change) -> String {
        switch c.kind {
        case .new: "logs a new \(c.template.level) template"
        case .rateIncrease: "logs an \(c.template.level) template more often"
        case .levelChange: "raised the level of"
        case .exceptionChange: "throws a different exception in"
        case .valueShift: "logs new values in"
        case .recurrence: "logs again, after it was fixed,"
        default: "changed"
        }
    }

    /// The template in quotes, cut at `Elided.limit` with its id when longer: a finding never
    /// repeats a template of several hundred characters (the full text is one `history` away).
    private static func quote(_ c: Change) -> String {
        let short = Elided.text(c.template.text)
        return "\"\(short)\"" + (short == c.template.text ? "" : " (T\(c.template.id))")
    }

    /// Milliseconds since the epoch as UTC ISO 8601, to the second.
    static func iso(_ ms: Int64) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
    }

    private static func lead(_ c: Change) -> String { "The first: \(c.kind.rawValue) \(quote(c)), \(c.countA) → \(c.countB) records." }

    private static func summary(_ cs: [Change]) -> String {
        let byClass = Dictionary(grouping: cs) { $0.classification?.rawValue ?? $0.kind.rawValue }.mapValues(\.count)
        return byClass.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ") + "."
    }
}
