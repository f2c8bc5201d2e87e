import LogMining
import PatternStore

/// Success and throughput templates (orders completed, requests served, jobs finished) that drop
/// per minute of log time while no error rises: the deploy broke nothing loudly, it just does less.
/// Rates are per minute even when the diff compares per record: when a whole service slows down,
/// every template's share of the records stays the same and only the rate per minute shows it.
/// The drop must be as large as a rate shift (`minEffect`) and significant (Bonferroni over the
/// templates looked at, `alpha`).
enum SilentDegradation {
    /// The drops, as rate-decrease changes (existing ones updated, missing ones added), or none
    /// when an error rises.
    static func drops(_ changes: inout [Change], bases: [Int: ChangeEvidence], a: DeploymentSnapshot, b: DeploymentSnapshot, o: DiffOptions) -> [String] {
        guard !changes.contains(where: errorRises) else { return [] }
        let candidates = a.templates.values.filter { ta in
            guard let tb = b.templates[ta.id], tb.maxLevel <= .info, ta.maxLevel <= .info else { return false }
            return ta.count + tb.count >= o.minCount && isSuccessOrThroughput(ta.text)
        }
        var ids: [String] = []
        for ta in candidates.sorted(by: { $0.id < $1.id }) {
            let tb = b.templates[ta.id]!
            let ra = Double(ta.count) / a.minutes
            let rb = Double(tb.count) / b.minutes
            let p = Statistics.rateShiftPValue(a: ta.count, b: tb.count, exposureA: a.minutes, exposureB: b.minutes)
            guard ra > 0, rb / ra <= 1 / o.minEffect, p * Double(candidates.count) < o.alpha else { continue }
            let perRecord = (Double(tb.count) / Double(max(1, b.deployment.records))) / (Double(ta.count) / Double(max(1, a.deployment.records)))
            let detail = String(
                format: "throughput %.1f → %.1f per minute of log time (×%.2f) while no error rises; per record ×%.2f", ra, rb, rb / ra, perRecord)
            if let i = changes.firstIndex(where: { $0.kind == .rateDecrease && $0.template.id == ta.id }) {
                changes[i].payload = .rateDecrease(silentDrop: true)
                changes[i].detail = detail
                ids.append(changes[i].id)
            } else if let evidence = bases[ta.id] {
                let x = Change(.rateDecrease(silentDrop: true), evidence, detail: detail)
                changes.append(x)
                ids.append(x.id)
            }
        }
        return ids
    }

    /// Whether a rate decrease's `detail` is a silent drop's (a decoded diff has no other trace of it).
    static func isSilentDrop(_ detail: String?) -> Bool { detail?.contains("while no error rises") == true }

    /// An error that appears, rises, comes back or takes over a template.
    static func errorRises(_ c: Change) -> Bool {
        guard !c.acknowledged else { return false }
        let error = c.template.level >= .error
        switch c.kind {
        case .new, .rateIncrease, .recurrence, .valueShift: return error
        case .exceptionChange: return true
        case .levelChange: return c.levelsB.keys.contains { $0 >= .error }
        case .vanished, .rareAbsent, .rateDecrease: return false
        }
    }

    /// Words that say a unit of work succeeded or went through. Generic, not any data set's:
    /// failure words rule a template out.
    static func isSuccessOrThroughput(_ text: String) -> Bool {
        let words = Set(text.lowercased().split { !$0.isLetter }.map(String.init))
        guard words.isDisjoint(with: failure) else { return false }
        return !words.isDisjoint(with: success)
    }

    private static let success: Set<String> = [
        "completed", "complete", "succeeded", "success", "successful", "successfully", "ok", "processed", "served", "handled", "sent",
        "delivered", "accepted", "placed", "finished", "done", "saved", "created", "committed", "published", "received", "paid", "shipped",
        "confirmed", "approved", "uploaded", "indexed", "acknowledged",
    ]
    private static let failure: Set<String> = [
        "error", "failed", "failure", "fail", "exception", "timeout", "timed", "refused", "denied", "rejected", "declined", "invalid",
        "unavailable", "retry", "retrying", "abort", "aborted", "dropped", "lost", "missing", "slow",
    ]

    /// The incident that holds the drops.
    static func incident(_ ids: [String], _ changes: [Change]) -> Incident? {
        guard !ids.isEmpty else { return nil }
        let top = changes.filter { ids.contains($0.id) }.min { ($0.ratio ?? 1, $0.id) < ($1.ratio ?? 1, $1.id) }!
        return Incident(
            id: "", kind: .silentDegradation, severity: .medium,
            title: "silent degradation: \(ids.count) success/throughput template\(ids.count == 1 ? "" : "s") down per minute, no error rising: \(top.template.text)",
            changes: ids.sorted(), reasons: ["dropped per minute of log time while no error rose"])
    }
}
