import LogMining
import PatternStore

/// Finds fixed bugs that came back: a template of the candidate, absent from the baseline, whose
/// stack trace (or, without one, whose template) vanished in an earlier deployment with a fix
/// linked to the disappearance. The newest matching fix is named; traces match exactly first,
/// then near-identically (one frame differs), then the template alone, then the exception type raised
/// in the same frame.
enum RecurrenceMatcher {
    static func recurrences(_ changes: [Change], input: DiffInput) -> [Change] {
        guard !input.history.isEmpty else { return [] }
        let a = input.baseline
        let b = input.candidate
        let tracesA = a.templates.values.compactMap { t in t.samples.lazy.compactMap(TraceFingerprint.read).first }
        var out: [Change] = []
        for id in b.templates.keys.sorted() {
            guard let tb = b.templates[id], tb.count > 0, (a.templates[id]?.count ?? 0) == 0 else { continue }
            let trace = tb.samples.lazy.compactMap(TraceFingerprint.read).first
            guard let (fix, r) = best(id, trace, input.history, tracesA) else { continue }
            guard var x = changes.first(where: { $0.template.id == id && $0.kind == .new }) else { continue }
            x.payload = .recurrence(r)
            x.detail = describe(r, fix: fix, candidate: b.deployment.name, count: tb.count)
            out.append(x)
        }
        return out
    }

    /// The strongest match among the fixes (given newest first).
    private static func best(_ id: Int, _ trace: TraceFingerprint?, _ fixes: [PastFix], _ tracesA: [TraceFingerprint]) -> (PastFix, Recurrence)? {
        var found: (Int, PastFix, Recurrence)?
        for fix in fixes {
            var rank = 0
            var r = Recurrence(
                basis: .template, vanishedIn: fix.vanishedIn, lastSeenIn: fix.lastSeenIn, fixedTemplate: fix.templateID, fix: fix.fix,
                fixStatement: fix.statement, trace: (trace ?? fix.trace)?.summary, similarity: 1, frameBefore: nil, frameNow: nil,
                countBefore: fix.countBefore, fixHeld: false)
            if let trace, let old = fix.trace {
                let s = trace.similarity(to: old)
                // Still in the baseline (under another template): it did not come back in this deploy.
                if s > 0, tracesA.contains(where: { $0.similarity(to: old) > 0 }) { continue }
                let raisedAlike = trace.exception == old.exception && trace.frames.last == old.frames.last
                if s == 0, raisedAlike, tracesA.contains(where: { $0.exception == old.exception && $0.frames.last == old.frames.last }) { continue }
                if s == 1 {
                    rank = 4
                    r.basis = .trace
                } else if s > 0 {
                    rank = 3
                    r.basis = .similarTrace
                    r.similarity = (s * 100).rounded() / 100
                    (r.frameBefore, r.frameNow) = trace.differingFrame(from: old)
                } else if raisedAlike, fix.templateID != id {
                    rank = 1
                    r.basis = .exception
                    let common = Set(trace.frames).intersection(old.frames).count
                    r.similarity = (Double(common) / Double(max(trace.frames.count, old.frames.count)) * 100).rounded() / 100
                }
            }
            if rank < 2, fix.templateID == id {
                rank = 2
                r.basis = .template
                r.similarity = 1
            }
            if rank > (found?.0 ?? 0) { found = (rank, fix, r) }
        }
        return found.map { ($0.1, $0.2) }
    }

    /// `KeyError in cart.py add_item() vanished in v1.1.0 (fixed by 1a2b3c4d5e 'guard missing sku'); back in v1.2.0, 42 records`.
    static func describe(_ r: Recurrence, fix: PastFix, candidate: String, count: Int) -> String {
        var s = (r.trace ?? "T\(r.fixedTemplate)") + " vanished in \(r.vanishedIn)"
        if let c = r.fix {
            s += " (fixed by \(String(c.id.prefix(10))) '\(c.subject)')"
        } else if let st = r.fixStatement {
            s += " (its statement \(st) removed)"
        }
        s += "; back in \(candidate), \(count) record\(count == 1 ? "" : "s")"
        switch r.basis {
        case .trace: s += "; the same stack trace"
        case .similarTrace:
            s += String(format: "; a near-identical stack trace (similarity %.2f", r.similarity)
            if let before = r.frameBefore, let now = r.frameNow { s += ": frame \(before) is now \(now)" }
            s += ")"
        case .template: s += "; the same template"
        case .exception: s += String(format: "; the same exception raised in the same frame, the rest of the trace differs (%.0f%% of frames in common)", r.similarity * 100)
        }
        return s + ": the fix did not hold"
    }
}
