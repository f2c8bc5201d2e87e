import PatternStore

/// Between a diff and the store's reviews: what a diff keeps of itself (`record`), and the fixes
/// earlier reviews found that a new diff matches recurrences against (`fixes`).
public enum ReviewHistory {
    /// The review to keep for `diff` of `input`: every change but rare absences of templates with
    /// nothing linked, with the commit and trace a later diff needs.
    public static func record(_ diff: DeployDiff, _ input: DiffInput, verdict: String, gate: String?) -> ReviewRecord {
        let live = diff.changes.filter { !$0.acknowledged && $0.kind != .rareAbsent }
        return ReviewRecord(
            candidateID: input.candidate.deployment.id, baselineID: input.baseline.deployment.id, verdict: verdict, gate: gate,
            top: live.first.map { "\($0.kind.rawValue) T\($0.template.id)" },
            changes: diff.changes.filter { $0.kind != .rareAbsent || $0.classification == .removed }.map(reviewed))
    }

    static func reviewed(_ c: Change) -> ReviewedChange {
        let commit = c.link?.commit ?? c.suspects?.first?.commit
        let trace = c.samples.lazy.compactMap(TraceFingerprint.read).first
        return ReviewedChange(
            change: c.id, kind: c.kind.rawValue, templateID: c.template.id, level: c.template.level, classification: c.classification?.rawValue,
            countA: c.countA, countB: c.countB, commit: commit?.id, commitSubject: commit?.subject, commitAuthor: commit?.author,
            statement: c.link.map { "\($0.file):\($0.line) \($0.text)" }, exception: trace?.exception, frames: trace?.frames ?? [],
            detail: c.detail, fixedTemplate: c.recurrence?.fixedTemplate)
    }

    /// Fixes recorded for deployments before `candidate` (in `deployments`' order), newest first:
    /// vanished templates whose disappearance a commit or a removed statement explains.
    public static func fixes(_ reviews: [StoredReview], deployments: [DeploymentInfo], before candidate: DeploymentInfo) -> [PastFix] {
        let position = Dictionary(uniqueKeysWithValues: deployments.enumerated().map { ($0.element.id, $0.offset) })
        guard let limit = position[candidate.id] else { return [] }
        var seen = Set<String>()
        var out: [(Int, PastFix)] = []
        for r in reviews.reversed() {
            guard let at = position[r.candidateID], at < limit, let from = position[r.baselineID], from < at else { continue }
            for c in r.changes where isFix(c) && seen.insert("\(r.candidateID):\(c.templateID)").inserted {
                let fix = c.commit.map { CommitRef(id: $0, subject: c.commitSubject ?? "", author: c.commitAuthor ?? "") }
                let trace = c.exception.map { TraceFingerprint(exception: $0, frames: c.frames) }
                out.append((at, PastFix(
                    templateID: c.templateID, vanishedIn: r.candidate, lastSeenIn: r.baseline, fix: fix,
                    statement: c.classification == Classification.removed.rawValue ? c.statement : nil, trace: trace, countBefore: c.countA)))
            }
        }
        return out.sorted { $0.0 > $1.0 }.map(\.1)
    }

    /// A vanished template whose disappearance the code explains: its statement removed, or a
    /// commit of the range most likely behind it. A rewording is not a fix.
    static func isFix(_ c: ReviewedChange) -> Bool {
        guard c.kind == ChangeKind.vanished.rawValue || c.kind == ChangeKind.rareAbsent.rawValue else { return false }
        if c.classification == Classification.reworded.rawValue { return false }
        return c.commit != nil || c.classification == Classification.removed.rawValue
    }
}
