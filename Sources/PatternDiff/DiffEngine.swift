import Foundation
import GitHistory
import LogMining
import PatternStore

/// What the diff compares: two deployments, and the git range between them when it is known.
public struct DiffInput: Sendable {
    public var service: String
    public var baseline: DeploymentSnapshot
    public var candidate: DeploymentSnapshot
    /// The code between the two deployments; nil with `codeUnavailable` saying why.
    public var changes: ChangeSet?
    public var codeUnavailable: String?
    /// Acknowledged template ids with their reasons.
    public var acknowledgements: [Int: String]
    public var options: DiffOptions
    /// The baseline's and the candidate's trees (in that order), read so a template is classified
    /// by where its statement is, not by the diff's text alone. Nil: the diff alone decides.
    public var trees: SourceCorpus?
    /// Fixes recorded by earlier diffs of deployments before the candidate, newest first: what a
    /// recurrence is matched against.
    public var history: [PastFix]

    public init(
        service: String, baseline: DeploymentSnapshot, candidate: DeploymentSnapshot, changes: ChangeSet?, codeUnavailable: String?,
        acknowledgements: [Int: String] = [:], options: DiffOptions = DiffOptions(), trees: SourceCorpus? = nil, history: [PastFix] = []
    ) {
        self.trees = trees
        self.history = history
        self.service = service
        self.baseline = baseline
        self.candidate = candidate
        self.changes = changes
        self.codeUnavailable = codeUnavailable
        self.acknowledgements = acknowledgements
        self.options = options
    }
}

/// Computes the deploy diff. Pure: the same input gives the same output, byte for byte.
public enum DiffEngine {
    public static func diff(_ input: DiffInput) -> DeployDiff {
        let a = input.baseline
        let b = input.candidate
        let o = input.options
        let (exposureA, exposureB) = o.normalize == .records
            ? (Double(max(1, a.deployment.records)), Double(max(1, b.deployment.records)))
            : (a.minutes, b.minutes)
        let scale = o.normalize == .records ? 1000.0 : 1.0
        let ids = Set(a.templates.keys).union(b.templates.keys).sorted()
        let pValues = ids.map { id in
            Statistics.rateShiftPValue(
                a: a.templates[id]?.count ?? 0, b: b.templates[id]?.count ?? 0, exposureA: exposureA, exposureB: exposureB)
        }
        let qValues = Statistics.benjaminiHochberg(pValues)
        var changes: [Change] = []
        var bases: [Int: ChangeEvidence] = [:]
        for (i, id) in ids.enumerated() {
            let ta = a.templates[id]
            let tb = b.templates[id]
            let ca = ta?.count ?? 0
            let cb = tb?.count ?? 0
            let base = ChangeEvidence(
                template: TemplateRef(id: id, text: (tb ?? ta)!.text, level: ((cb > 0 ? tb : ta) ?? ta ?? tb)!.maxLevel),
                countA: ca, countB: cb, rateA: Double(ca) / exposureA * scale, rateB: Double(cb) / exposureB * scale,
                ratio: ca == 0 ? nil : (Double(cb) / exposureB) / (Double(ca) / exposureA), pValue: pValues[i], qValue: qValues[i],
                levelsA: levels(ta), levelsB: levels(tb), firstSeenB: tb?.firstTimestamp, samples: (cb > 0 ? tb : ta)?.samples ?? [],
                seriesA: series(ta, a), seriesB: series(tb, b), component: component(tb ?? ta))
            bases[id] = base
            changes += templateChanges(base, o)
            if let ta, let tb { changes += attributeChanges(base, ta, tb, o) }
        }
        mergeValueChanges(&changes, o)
        let statements = StatementGroups.changes(bases, existing: changes, exposureA: exposureA, exposureB: exposureB, scale: scale, o: o)
        changes = changes.filter { !($0.kind == .rareAbsent && statements.dropRareAbsent.contains($0.template.id)) } + statements.add
        if let set = input.changes {
            link(&changes, set, input.trees, o)
            if let trees = input.trees, trees.trees.count == 2 { locateFrames(&changes, trees, o) }
            linkValues(&changes, set, o)
            if let trees = input.trees { addContext(&changes, trees) }
        }
        for i in changes.indices {
            let t = changes[i].template.id
            changes[i].acknowledgement = input.acknowledgements[t] ?? (o.acknowledged.contains(t) ? "ignored in configuration" : nil)
        }
        pairRewordings(&changes)
        if let set = input.changes { suspect(&changes, set, o) }
        for var r in RecurrenceMatcher.recurrences(changes, input: input) {
            if let reason = input.acknowledgements[r.template.id] { r.acknowledgement = reason }
            changes.append(r)
        }
        let silent = SilentDegradation.drops(&changes, bases: bases, a: a, b: b, o: o)
        changes.sort(by: rankedBefore)
        return DeployDiff(
            service: input.service, baseline: summary(a), candidate: summary(b), options: o, changes: changes,
            incidents: incidents(changes, silent: silent, a: a, b: b), code: codeContext(input))
    }

    /// The grouper's incidents, with the silent drops as one incident of their own; numbered by
    /// severity, then by their first change.
    private static func incidents(_ changes: [Change], silent: [String], a: DeploymentSnapshot, b: DeploymentSnapshot) -> [Incident] {
        var out = IncidentGrouper.group(changes.filter { !silent.contains($0.id) }, a: a, b: b)
        guard let drop = SilentDegradation.incident(silent, changes) else { return out }
        out.append(drop)
        return out.sorted { x, y in x.severity != y.severity ? x.severity > y.severity : x.changes[0] < y.changes[0] }
            .enumerated().map { i, inc in
                var x = inc
                x.id = "I\(i + 1)"
                return x
            }
    }

    // MARK: Kinds

    private static func templateChanges(_ c: ChangeEvidence, _ o: DiffOptions) -> [Change] {
        var out: [Change] = []
        switch (c.countA, c.countB) {
        case (0, _):
            out.append(Change(.new(), c))
        case (_, 0):
            out.append(Change(c.qValue < o.alpha && c.countA >= o.minCount ? .vanished() : .rareAbsent(), c))
        default:
            if let r = c.ratio, c.qValue < o.alpha, c.countA + c.countB >= o.minCount, r >= o.minEffect || r <= 1 / o.minEffect {
                out.append(Change(r > 1 ? .rateIncrease : .rateDecrease(), c))
            }
        }
        if c.countA >= 5, c.countB >= 5, let from = dominant(c.levelsA), let to = dominant(c.levelsB), from != to {
            out.append(Change(.levelChange(from: from, to: to), c, detail: "dominant level \(from) → \(to)"))
        }
        return out
    }

    /// Value shifts of low-cardinality variables and exception changes of attached stack traces.
    private static func attributeChanges(_ c: ChangeEvidence, _ ta: DeploymentSnapshot.Template, _ tb: DeploymentSnapshot.Template, _ o: DiffOptions) -> [Change] {
        var out: [Change] = []
        for position in Set(ta.values.keys).intersection(tb.values.keys).sorted() where position != RecordAttribute.component.position {
            let va = ta.values[position]!
            let vb = tb.values[position]!
            // Too many values to enumerate (ids, durations): summarized, never a shift.
            if va[DeploymentSnapshot.manyValue] != nil || vb[DeploymentSnapshot.manyValue] != nil { continue }
            // A structured record's fields share reserved positions, each value as `key=value`.
            let groups = StructuredFields.positions.contains(position) ? fieldsByKey(va, vb) : [(positionName(position), va, vb)]
            for (name, fa, fb) in groups {
                // A time embedded in the message changes between any two runs: never a shift.
                if fa.keys.contains(where: TimeLike.matches) || fb.keys.contains(where: TimeLike.matches) { continue }
                let shifted = shifts(name, fa, fb, countA: ta.count, countB: tb.count, o)
                guard !shifted.isEmpty else { continue }
                let payload: ChangePayload = RecordAttribute.from(position: position) == nil ? .valueShift(values: shifted) : .exceptionChange(values: shifted)
                out.append(Change(payload, c, detail: valuesDetail(shifted)))
            }
        }
        return out
    }

    /// The values of one variable that appeared (at least 5 records, 2% of the template's) or grew
    /// significantly by at least `minEffect` in share.
    private static func shifts(_ name: String, _ va: [String: Int], _ vb: [String: Int], countA: Int, countB: Int, _ o: DiffOptions) -> [ValueCount] {
        var shifted: [ValueCount] = []
        for value in Set(va.keys).union(vb.keys).sorted() {
            let na = va[value] ?? 0
            let nb = vb[value] ?? 0
            let p = Statistics.rateShiftPValue(a: na, b: nb, exposureA: Double(countA), exposureB: Double(countB))
            let shareB = Double(nb) / Double(max(1, countB))
            let shareA = Double(na) / Double(max(1, countA))
            let newValue = na == 0 && nb >= 5 && shareB >= 0.02
            let grown = na > 0 && nb >= 5 && shareB >= o.minEffect * shareA && p < o.alpha
            if newValue || grown { shifted.append(ValueCount(position: name, value: value, countA: na, countB: nb)) }
        }
        return shifted
    }

    /// `status=500` values of a reserved field position, split by their key: ("field status", ...).
    private static func fieldsByKey(_ va: [String: Int], _ vb: [String: Int]) -> [(String, [String: Int], [String: Int])] {
        func split(_ vs: [String: Int]) -> [String: [String: Int]] {
            var out: [String: [String: Int]] = [:]
            for (kv, n) in vs {
                guard let eq = kv.firstIndex(of: "=") else { continue }
                out[String(kv[..<eq]), default: [:]][String(kv[kv.index(after: eq)...])] = n
            }
            return out
        }
        let a = split(va)
        let b = split(vb)
        return Set(a.keys).intersection(b.keys).sorted().map { ("field \($0)", a[$0]!, b[$0]!) }
    }

    /// "token 3 = 500: 0 → 52; token 3 = 200: 400 → 350".
    static func valuesDetail(_ values: [ValueCount]) -> String {
        values.map { "\($0.position) = \($0.value): \($0.countA) → \($0.countB)" }.joined(separator: "; ")
    }

    private static func positionName(_ p: Int) -> String {
        switch RecordAttribute.from(position: p) {
        case .exceptionType: "exception"
        case .innermostFrame: "frame"
        case .component: "component"
        case nil: "token \(p)"
        }
    }

    // MARK: Code links

    private static func link(_ changes: inout [Change], _ set: ChangeSet, _ trees: SourceCorpus?, _ o: DiffOptions) {
        let commits = Dictionary(uniqueKeysWithValues: set.commits.map { ($0.id, $0) })
        let touching = { (path: String) -> ObjectID? in set.commits.first { $0.files.contains(path) }?.id }
        let exclude = o.nonProduction
        let linker = StatementLinker(set.files, fallbackCommit: touching, exclude: exclude)
        let tree = trees.flatMap { $0.trees.count == 2 ? TreeLinker($0, exclude: exclude) : nil }
        func ref(_ id: ObjectID?) -> CommitRef? { id.flatMap { commits[$0] }.map { CommitRef(id: $0.id.hex, subject: $0.subject, author: $0.author.name) } }
        func diffLink(_ f: StatementLinker.Link, _ side: String) -> CodeLink {
            CodeLink(
                file: f.candidate.file, line: f.candidate.line, hunkHeader: f.candidate.header, text: f.candidate.text, side: side,
                commit: ref(f.candidate.commit), score: rounded(f.score), hunk: f.candidate.hunk)
        }
        func treeLink(_ h: TreeLinker.Hit, _ side: String, commit: ObjectID?) -> CodeLink {
            CodeLink(file: h.path, line: h.line, hunkHeader: "", text: h.text, side: side, commit: ref(commit), score: rounded(h.score), hunk: [])
        }
        for i in changes.indices where changes[i].kind == .levelChange {
            // A level change whose statement the range rewrote (`logger.debug` → `logger.warning`).
            guard let f = linker.link(changes[i].template.text, side: .added, minScore: o.minLinkScore) else { continue }
            changes[i].link = diffLink(f, "added")
            changes[i].classification = .intended
        }
        // Two statements "say the same" when their scores are this close: the baseline's statement
        // then writes the candidate's template as well as the added one does.
        let tolerance = 0.05
        for i in changes.indices where changes[i].kind == .new || changes[i].kind == .vanished || changes[i].kind == .rareAbsent {
            let new = changes[i].kind == .new
            let text = changes[i].template.text
            let found = linker.link(text, side: new ? .added : .removed, minScore: o.minLinkScore)
            var link = found.map { diffLink($0, new ? "added" : "removed") }
            var cls: Classification? = new ? (found == nil ? .unexplainedNew : .intended) : (found == nil ? .unexplainedVanished : .removed)
            if let tree {
                // Where the template's statement is, in each tree: this side's tree and the other.
                let frames = TreeLinker.traceFiles(changes[i].samples)
                let here = tree.best(text, tree: new ? 1 : 0, minScore: o.minLinkScore, frames: frames)
                let there = tree.best(text, tree: new ? 0 : 1, minScore: o.minLinkScore, frames: frames)
                let strongest = max(here?.score ?? 0, found?.score ?? 0)
                if let there, there.score >= strongest - tolerance, !new || here != nil || found != nil {
                    // The statement is in both trees: the range did not write or delete it.
                    cls = new ? .newlyReached : .noLongerReached
                    if new, let here, let callee = ChangedCallee.find(
                        statement: here.text, corpus: tree.corpus, tree: 1, files: set.files, exclude: exclude)
                    {
                        // The literal's line is untouched, but the function it is handed to now logs.
                        cls = .intended
                        let path = callee.file.path
                        link = CodeLink(
                            file: path, line: callee.line.newLine ?? 0, hunkHeader: callee.hunk.header,
                            text: callee.line.text.trimmingCharacters(in: .whitespaces), side: "added",
                            commit: ref(callee.line.commit ?? callee.hunk.commits.first ?? touching(path)), score: rounded(here.score),
                            hunk: callee.hunk.lines.prefix(40).map { ($0.kind == .added ? "+" : "-") + $0.text })
                    } else if new, let here {
                        link = treeLink(here, "candidate", commit: nil)
                    } else if !new {
                        link = treeLink(there, "candidate", commit: nil)
                    }
                } else if found == nil, let here {
                    // In this side's tree only, but not matched in the diff's lines (a message the
                    // hunk builds with lines it does not change): still written or deleted by the range.
                    cls = new ? .intended : .removed
                    link = treeLink(here, new ? "candidate" : "baseline", commit: new ? touching(here.path) : nil)
                }
            }
            changes[i].link = link
            if changes[i].kind != .rareAbsent || link != nil { changes[i].classification = cls }
        }
    }

    /// Each change's innermost repository frame, from the first sample with a stack trace: in the
    /// candidate's tree, or the baseline's for what vanished. Non-production paths never count.
    private static func locateFrames(_ changes: inout [Change], _ trees: SourceCorpus, _ o: DiffOptions) {
        let filter = o.nonProduction
        let paths = trees.trees.map { t in RepositoryPaths(t.files.keys.filter { !filter.matches($0) }) }
        for i in changes.indices {
            guard let trace = changes[i].samples.lazy.compactMap(StackTrace.read).first else { continue }
            let side = changes[i].kind == .vanished || changes[i].kind == .rareAbsent ? 0 : 1
            guard let (f, path) = trace.deepestFrame(in: paths[side]) else { continue }
            changes[i].frame = CodeFrame(exception: trace.exception, file: path, line: f.line, function: f.function)
        }
    }

    private static func rounded(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }

    /// Lines either side of a linked statement: a reader sees it in place without the whole hunk.
    static let contextLines = 3

    private static func addContext(_ changes: inout [Change], _ trees: SourceCorpus) {
        guard trees.trees.count == 2 else { return }
        for i in changes.indices {
            guard let l = changes[i].link, l.line > 0 else { continue }
            let tree = trees.trees[l.side == "removed" || l.side == "baseline" ? 0 : 1]
            guard let blob = tree.files[l.file], Int(blob) < trees.blobs.count else { continue }
            let lines = trees.blobs[Int(blob)].lines
            guard l.line <= lines.count else { continue }
            let range = max(1, l.line - contextLines)...min(lines.count, l.line + contextLines)
            changes[i].link?.context = range.map { SourceLine(line: $0, text: lines[$0 - 1]) }
        }
    }

    /// A vanished and a new template whose statements sit in the same hunk: one reworded message.
    /// Within a hunk, pairs are made by word overlap, best first, so an unrelated removal and
    /// addition in the same hunk stay "removed" and "intended".
    private static func pairRewordings(_ changes: inout [Change]) {
        var pairs: [(Double, Int, Int)] = []
        for v in changes.indices where changes[v].classification == .removed {
            guard let lv = changes[v].link else { continue }
            for n in changes.indices where changes[n].classification == .intended {
                guard let ln = changes[n].link, ln.file == lv.file, ln.hunkHeader == lv.hunkHeader else { continue }
                let s = wordOverlap(changes[v].template.text, changes[n].template.text)
                if s >= 0.3 { pairs.append((s, v, n)) }
            }
        }
        var used = Set<Int>()
        for (_, v, n) in pairs.sorted(by: { $0.0 != $1.0 ? $0.0 > $1.0 : ($0.1, $0.2) < ($1.1, $1.2) }) where !used.contains(v) && !used.contains(n) {
            used.formUnion([v, n])
            changes[v].classification = .reworded
            changes[n].classification = .reworded
            let (vid, nid) = (changes[v].id, changes[n].id)
            changes[v].payload = changes[v].payload.rewordedWith(nid)
            changes[n].payload = changes[n].payload.rewordedWith(vid)
        }
    }

    /// Jaccard overlap of the templates' words (variables left out).
    static func wordOverlap(_ a: String, _ b: String) -> Double {
        func words(_ s: String) -> Set<String> {
            Set(s.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init).filter { $0.count > 1 })
        }
        let x = words(a)
        let y = words(b)
        guard !x.isEmpty || !y.isEmpty else { return 0 }
        return Double(x.intersection(y).count) / Double(x.union(y).count)
    }

    /// For changes no statement in the diff explains: the commits of the range most likely behind
    /// them, by how close the files they touched are to the statement's file (newly reached) and
    /// to the change's component (logger `app.checkout` → `app/`), newest first among equals.
    /// Commits that touch only non-production files, or only bump a version, are never suspects.
    private static func suspect(_ changes: inout [Change], _ set: ChangeSet, _ o: DiffOptions) {
        let exclude = o.nonProduction
        let candidates = set.commits.filter { c in !c.files.allSatisfy(exclude.matches) && !isVersionBump(c) }
        let paths = candidates.map { c in c.files.filter { !exclude.matches($0) }.map { $0.lowercased().split(separator: "/").map(String.init) } }
        let files = candidates.map { c in c.files.filter { !exclude.matches($0) } }
        for i in changes.indices where changes[i].classification == .unexplainedNew || changes[i].classification == .newlyReached
            || changes[i].classification == .noLongerReached || changes[i].kind == .rateIncrease
            || changes[i].kind == .exceptionChange || changes[i].kind == .valueShift || changes[i].kind == .levelChange
        {
            let statement = changes[i].link.flatMap { $0.side == "candidate" || $0.side == "baseline" ? $0.file : nil }
            guard changes[i].link == nil || statement != nil else { continue }
            let parts = (changes[i].component ?? "").lowercased().split { $0 == "." || $0 == "/" || $0 == ":" }.map(String.init)
            let near = statement.map { Array($0.lowercased().split(separator: "/").map(String.init)) }
            var scored: [(Int, Int, GitCommit, [String])] = []
            for (order, c) in candidates.enumerated() {
                let scores = paths[order].map { dirs in
                    // The statement's own file first, then its folder, then the component.
                    let byFile = near.map { $0 == dirs ? 100 : 10 * proximity(Array($0.dropLast()), Array(dirs.dropLast())) } ?? 0
                    return max(byFile, proximity(parts, dirs))
                }
                guard let best = scores.max(), best > 0 else { continue }
                scored.append((best, order, c, zip(files[order], scores).filter { $0.1 == best }.map(\.0)))
            }
            let ranked = scored.sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }.prefix(3)
            changes[i].suspects = ranked.map { (_, _, commit, files) in
                Suspect(
                    commit: CommitRef(id: commit.id.hex, subject: commit.subject, author: commit.author.name),
                    reason: "touches " + files.joined(separator: ", "))
            }
        }
    }

    /// A commit that only bumps a version: its subject says so and its files are manifests,
    /// changelogs or a version module.
    static func isVersionBump(_ c: GitCommit) -> Bool {
        let subject = c.subject.lowercased()
        guard ["bump", "version", "release", "prepare"].contains(where: subject.contains) else { return false }
        let manifests = ["setup.py", "setup.cfg", "pyproject.toml", "package.json", "package-lock.json", "cargo.toml", "cargo.lock", "pom.xml",
            "build.gradle", "go.mod", "version.py", "_version.py", "__init__.py", "version.go", "version.txt", "version", "gemfile.lock", "mix.exs"]
        return c.files.allSatisfy { f in
            let name = f.split(separator: "/").last.map { $0.lowercased() } ?? ""
            return manifests.contains(name) || name.hasPrefix("changes") || name.hasPrefix("changelog") || name.hasPrefix("history") || name.hasSuffix(".md")
                || name.hasSuffix(".rst")
        }
    }

    /// How many leading components of the logger name the path's directories share.
    private static func proximity(_ component: [String], _ dirs: [String]) -> Int {
        var n = 0
        for (c, d) in zip(component, dirs) {
            let stem = d.split(separator: ".").first.map(String.init) ?? d
            guard c == d || c == stem else { break }
            n += 1
        }
        return n
    }

    // MARK: Severity and rank

    static func severity(_ c: Change) -> Severity {
        let level = c.template.level
        let serious = level >= .error
        let warn = level == .warning
        var s: Severity
        switch c.payload {
        case .new: s = serious ? .critical : warn ? .high : .medium
        case .rateIncrease: s = serious ? .high : warn ? .medium : .low
        case .levelChange(_, let to):
            s = to >= .error ? .high : to == .warning ? .medium : .low
        case .exceptionChange: s = .high
        case .valueShift:
            s = serious ? .high : warn ? .medium : .low
            // Into an error value (a 5xx status, `timeout`, `refused`, a non-zero exit code): high.
            // A field's name counts as the template's text (`exit_code`, `status`).
            if (c.values ?? []).contains(where: { $0.countB > $0.countA && isErrorValue($0.value, template: c.template.text + " " + $0.position) }) {
                s = max(s, .high)
            }
        case .vanished: s = serious ? .low : .medium
        case .rateDecrease(let silentDrop): s = silentDrop ? .medium : .low
        case .rareAbsent: s = .info
        case .recurrence: s = serious ? .critical : .high
        }
        // A fix undone is as serious whatever wrote the statement back.
        if c.kind != .recurrence, c.classification == .intended || c.classification == .removed || c.classification == .reworded {
            s = Severity.allCases[max(0, s.rank - 1)]
        }
        return s
    }

    static func rankedBefore(_ x: Change, _ y: Change) -> Bool {
        if x.severity != y.severity { return x.severity > y.severity }
        // A fixed bug that is back comes before the new template it came back as.
        if (x.kind == .recurrence) != (y.kind == .recurrence) { return x.kind == .recurrence }
        let ex = effect(x)
        let ey = effect(y)
        if ex != ey { return ex > ey }
        if x.countB != y.countB { return x.countB > y.countB }
        return x.id < y.id
    }

    private static func effect(_ c: Change) -> Double {
        guard let r = c.ratio, r > 0 else { return c.countA == 0 ? Double.greatestFiniteMagnitude : Double(c.countA) }
        return abs(log(r))
    }

    // MARK: Helpers

    static let maxSeries = 240

    /// Per-minute counts from the deployment's first minute.
    private static func series(_ t: DeploymentSnapshot.Template?, _ s: DeploymentSnapshot) -> [Int] {
        guard let t, let first = s.deployment.firstTimestamp, let last = s.deployment.lastTimestamp else { return [] }
        let m0 = first / 60_000
        let n = Int(min(Int64(maxSeries), last / 60_000 - m0 + 1))
        guard n > 0 else { return [] }
        var out = [Int](repeating: 0, count: n)
        for (m, c) in t.minutes {
            let i = Int(m - m0)
            if i >= 0, i < n { out[i] += c }
        }
        return out
    }

    private static func levels(_ t: DeploymentSnapshot.Template?) -> [LogLevel: Int] {
        guard let t else { return [:] }
        var out: [LogLevel: Int] = [:]
        for l in LogLevel.allCases where t.levels[l.rawValue] > 0 { out[l] = t.levels[l.rawValue] }
        return out
    }

    /// The level with the most records; a tie goes to the name first in alphabetical order, so
    /// the answer never depends on a dictionary's order.
    static func dominant(_ levels: [LogLevel: Int]) -> LogLevel? {
        levels.max { $0.value != $1.value ? $0.value < $1.value : $0.key.description > $1.key.description }?.key
    }

    private static func component(_ t: DeploymentSnapshot.Template?) -> String? {
        t?.values[RecordAttribute.component.position]?.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
    }

    private static func summary(_ s: DeploymentSnapshot) -> DeploymentSummary {
        DeploymentSummary(
            name: s.deployment.name, commit: s.deployment.commit, records: s.deployment.records, minutes: (s.minutes * 100).rounded() / 100,
            firstTimestamp: s.deployment.firstTimestamp, lastTimestamp: s.deployment.lastTimestamp)
    }

    private static func codeContext(_ input: DiffInput) -> CodeContext {
        guard let set = input.changes else {
            return CodeContext(available: false, reason: input.codeUnavailable ?? "no repository given", range: nil, commits: [], filesChanged: 0)
        }
        return CodeContext(
            available: true, reason: nil, range: "\(set.base.spec)..\(set.head.spec)",
            commits: set.commits.map { CommitRef(id: $0.id.hex, subject: $0.subject, author: $0.author.name) }, filesChanged: set.files.count)
    }
}

// MARK: Values

extension DiffEngine {
    /// New and vanished templates the miner kept apart because a variable held one value per
    /// deployment (`Using backend: X` → `Using backend: Y`): one value shift with both values and
    /// their counts. Two templates pair when they have the same words but one, and that word's
    /// differing part reads as a value: after `:` or `=`, quoted or bracketed, or holding a digit,
    /// `.`, `/`, `_` or `-`. Times never pair.
    static func mergeValueChanges(_ changes: inout [Change], _ o: DiffOptions) {
        let olds = changes.indices.filter { changes[$0].kind == .vanished || changes[$0].kind == .rareAbsent }
        let news = changes.indices.filter { changes[$0].kind == .new }
        guard !olds.isEmpty, !news.isEmpty else { return }
        func words(_ i: Int) -> [String] { changes[i].template.text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        // skeleton → members (change index, word position, value)
        var groups: [String: [(Int, Int, String)]] = [:]
        var order: [String] = []
        for n in news {
            let wn = words(n)
            for v in olds {
                let wv = words(v)
                guard wn.count == wv.count, let (k, prefix, suffix, a, b) = valueDifference(wv, wn) else { continue }
                var skeleton = wn
                skeleton[k] = prefix + "<*>" + suffix
                let key = skeleton.joined(separator: " ") + "\u{1}\(k)"
                if groups[key] == nil { order.append(key) }
                for (i, value) in [(v, a), (n, b)] where !groups[key, default: []].contains(where: { $0.0 == i }) {
                    groups[key, default: []].append((i, k, value))
                }
            }
        }
        var used = Set<Int>()
        var merged: [Change] = []
        for key in order {
            let members = groups[key]!.filter { !used.contains($0.0) }
            guard members.contains(where: { changes[$0.0].kind == .new }), members.contains(where: { changes[$0.0].kind != .new }) else { continue }
            used.formUnion(members.map(\.0))
            let k = members[0].1
            let cs = members.map { changes[$0.0] }
            var x = cs.first { $0.kind == .new }!
            x.template.text = String(key.split(separator: "\u{1}")[0])
            x.template.level = cs.map(\.template.level).max() ?? x.template.level
            x.countA = cs.reduce(0) { $0 + $1.countA }
            x.countB = cs.reduce(0) { $0 + $1.countB }
            x.rateA = cs.reduce(0) { $0 + $1.rateA }
            x.rateB = cs.reduce(0) { $0 + $1.rateB }
            x.ratio = x.rateA > 0 ? x.rateB / x.rateA : nil
            x.pValue = cs.map(\.pValue).min() ?? 1
            x.qValue = cs.map(\.qValue).min() ?? 1
            x.levelsA = cs.reduce(into: [:]) { acc, c in acc.merge(c.levelsA, uniquingKeysWith: +) }
            x.levelsB = cs.reduce(into: [:]) { acc, c in acc.merge(c.levelsB, uniquingKeysWith: +) }
            x.firstSeenB = cs.compactMap(\.firstSeenB).min()
            x.seriesA = sum(cs.map(\.seriesA))
            x.seriesB = sum(cs.map(\.seriesB))
            x.samples = Array((cs.filter { $0.kind == .new }.flatMap(\.samples) + cs.filter { $0.kind != .new }.flatMap(\.samples)).prefix(5))
            let values = zip(members, cs).map { m, c in ValueCount(position: "word \(k + 1)", value: m.2, countA: c.countA, countB: c.countB) }
                .sorted { ($0.countB, $0.countA, $1.value) > ($1.countB, $1.countA, $0.value) }
            x.payload = .valueShift(values: values)
            x.templates = cs.map(\.template.id).sorted()
            x.detail = valuesDetail(values)
            merged.append(x)
        }
        guard !merged.isEmpty else { return }
        changes = changes.indices.filter { !used.contains($0) }.map { changes[$0] } + merged
    }

    static func sum(_ series: [[Int]]) -> [Int] {
        var out = [Int](repeating: 0, count: series.map(\.count).max() ?? 0)
        for s in series { for (i, v) in s.enumerated() { out[i] += v } }
        return out
    }

    /// The one word two templates differ in, when its differing part reads as a value: the word's
    /// index, the shared prefix and suffix, and the two values.
    static func valueDifference(_ a: [String], _ b: [String]) -> (Int, String, String, String, String)? {
        var k: Int?
        for i in a.indices where a[i] != b[i] {
            guard k == nil else { return nil }
            k = i
        }
        guard let k else { return nil }
        let x = Array(a[k])
        let y = Array(b[k])
        var p = 0
        while p < x.count, p < y.count, x[p] == y[p] { p += 1 }
        var q = 0
        while q < x.count - p, q < y.count - p, x[x.count - 1 - q] == y[y.count - 1 - q] { q += 1 }
        let va = String(x[p..<(x.count - q)])
        let vb = String(y[p..<(y.count - q)])
        guard !va.isEmpty, !vb.isEmpty, !va.contains("<*>"), !vb.contains("<*>"), !TimeLike.matches(va), !TimeLike.matches(vb) else { return nil }
        let prefix = String(x[..<p])
        let suffix = String(x[(x.count - q)...])
        let separated = prefix.last.map { "=:\"'[(@#/".contains($0) } ?? false
        let afterKey = prefix.isEmpty && k > 0 && (a[k - 1].hasSuffix(":") || a[k - 1].hasSuffix("="))
        let shaped = (va + vb).contains { $0.isNumber || ".-_/".contains($0) }
        guard separated || afterKey || shaped else { return nil }
        return (k, prefix, suffix, va, vb)
    }

    /// A value shift whose new value's literal is in an added line (a default, a constant) is
    /// linked to that line; to the hunk that also removes the old value first.
    static func linkValues(_ changes: inout [Change], _ set: ChangeSet, _ o: DiffOptions) {
        let exclude = o.nonProduction
        let commits = Dictionary(uniqueKeysWithValues: set.commits.map { ($0.id, $0) })
        for i in changes.indices where changes[i].kind == .valueShift && changes[i].link == nil {
            guard let values = changes[i].values else { continue }
            let appeared = values.filter { $0.countA == 0 && $0.countB > 0 }.map(\.value).filter { $0.count >= 2 && !$0.allSatisfy(\.isNumber) || $0.count >= 3 }
            let gone = values.filter { $0.countA > 0 && $0.countB == 0 }.map(\.value)
            var best: (Int, CodeLink)?
            for file in set.files where !exclude.matches(file.path) {
                for hunk in file.hunks {
                    let removed = hunk.lines.filter { $0.kind == .removed }.map(\.text)
                    for line in hunk.lines where line.kind == .added {
                        guard appeared.contains(where: { containsToken(line.text, $0) }) else { continue }
                        let rank = gone.contains { g in removed.contains { containsToken($0, g) } } ? 2 : 1
                        guard rank > (best?.0 ?? 0) else { continue }
                        let c = (line.commit ?? hunk.commits.first).flatMap { commits[$0] }
                        best = (rank, CodeLink(
                            file: file.path, line: line.newLine ?? 0, hunkHeader: hunk.header, text: line.text.trimmingCharacters(in: .whitespaces),
                            side: "added", commit: c.map { CommitRef(id: $0.id.hex, subject: $0.subject, author: $0.author.name) },
                            score: rank == 2 ? 1 : 0.7, hunk: hunk.lines.prefix(40).map { ($0.kind == .added ? "+" : "-") + $0.text }))
                    }
                }
            }
            if let (rank, link) = best {
                changes[i].link = link
                if rank == 2 { changes[i].classification = .intended }
            }
        }
    }

    /// `value` in `line` as a whole token: not inside a longer identifier or number.
    static func containsToken(_ line: String, _ value: String) -> Bool {
        var from = line.startIndex
        while let r = line.range(of: value, range: from..<line.endIndex) {
            let before = r.lowerBound == line.startIndex ? nil : line[line.index(before: r.lowerBound)]
            let after = r.upperBound == line.endIndex ? nil : line[r.upperBound]
            let ident = { (c: Character?) in c.map { $0.isLetter || $0.isNumber || $0 == "_" } ?? false }
            if !ident(before), !ident(after) { return true }
            from = line.index(after: r.lowerBound)
        }
        return false
    }

    /// A value that says something failed: an HTTP 5xx status, an error or fatal level word,
    /// a timeout, a refusal, or a non-zero exit code.
    static func isErrorValue(_ value: String, template: String) -> Bool {
        let v = value.trimmingCharacters(in: .punctuationCharacters)
        if v.count == 3, let n = Int(v), (500...599).contains(n) { return true }
        let l = v.lowercased()
        for w in ["error", "fatal", "critical", "panic", "exception", "timeout", "timed out", "timedout", "refused", "unavailable", "failed", "failure"]
        where l.contains(w) { return true }
        let t = template.lowercased()
        if let n = Int(v), n != 0, t.contains("exit") || t.contains("returncode") || t.contains("return code") { return true }
        return false
    }
}

/// Values that are times: they change between any two runs and never mean a shift.
enum TimeLike {
    private static let patterns = [
        #"^\d{4}-\d{2}-\d{2}(?:[T _]\d{2}:\d{2}.*)?$"#,
        #"^\d{1,2}/[A-Za-z]{3}/\d{4}(?::\d{2}:\d{2}:\d{2})?.*$"#,
        #"^\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?$"#,
        #"^[A-Z][a-z]{2} +\d{1,2} \d{2}:\d{2}:\d{2}"#,
        #"^1\d{9}(?:\d{3}|\d{6})?(?:\.\d+)?$"#,
    ].map { try! NSRegularExpression(pattern: $0) }

    static func matches(_ value: String) -> Bool {
        let r = NSRange(location: 0, length: (value as NSString).length)
        return patterns.contains { $0.firstMatch(in: value, range: r) != nil }
    }
}
