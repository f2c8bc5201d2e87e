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

    public init(
        service: String, baseline: DeploymentSnapshot, candidate: DeploymentSnapshot, changes: ChangeSet?, codeUnavailable: String?,
        acknowledgements: [Int: String] = [:], options: DiffOptions = DiffOptions()
    ) {
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
        for (i, id) in ids.enumerated() {
            let ta = a.templates[id]
            let tb = b.templates[id]
            let ca = ta?.count ?? 0
            let cb = tb?.count ?? 0
            let base = Change(
                id: "", kind: .new, template: TemplateRef(id: id, text: (tb ?? ta)!.text, level: "\(((cb > 0 ? tb : ta) ?? ta ?? tb)!.maxLevel)"),
                severity: .info, countA: ca, countB: cb, rateA: Double(ca) / exposureA * scale, rateB: Double(cb) / exposureB * scale,
                ratio: ca == 0 ? nil : (Double(cb) / exposureB) / (Double(ca) / exposureA), pValue: pValues[i], qValue: qValues[i],
                levelsA: levels(ta), levelsB: levels(tb), firstSeenB: tb?.firstTimestamp, classification: nil, link: nil, suspects: nil,
                rewordedWith: nil, detail: nil, values: nil, samples: (cb > 0 ? tb : ta)?.samples ?? [], seriesA: series(ta, a), seriesB: series(tb, b), acknowledged: false,
                acknowledgement: nil, component: component(tb ?? ta))
            changes += templateChanges(base, o)
            if let ta, let tb { changes += attributeChanges(base, ta, tb, o) }
        }
        if let set = input.changes { link(&changes, set, o) }
        for i in changes.indices {
            changes[i].id = "\(changes[i].kind.rawValue):T\(changes[i].template.id)" + (changes[i].values?.first.map { "@\($0.position)" } ?? "")
            changes[i].severity = severity(changes[i])
            if let reason = input.acknowledgements[changes[i].template.id] ?? (o.acknowledged.contains(changes[i].template.id) ? "ignored in configuration" : nil) {
                changes[i].acknowledged = true
                changes[i].acknowledgement = reason
            }
        }
        pairRewordings(&changes)
        if let set = input.changes { suspect(&changes, set) }
        changes.sort(by: rankedBefore)
        return DeployDiff(
            service: input.service, baseline: summary(a), candidate: summary(b), options: o, changes: changes,
            incidents: IncidentGrouper.group(changes, a: a, b: b), code: codeContext(input))
    }

    // MARK: Kinds

    private static func templateChanges(_ c: Change, _ o: DiffOptions) -> [Change] {
        var out: [Change] = []
        var x = c
        switch (c.countA, c.countB) {
        case (0, _):
            x.kind = .new
            out.append(x)
        case (_, 0):
            x.kind = c.qValue < o.alpha && c.countA >= o.minCount ? .vanished : .rareAbsent
            out.append(x)
        default:
            if let r = c.ratio, c.qValue < o.alpha, c.countA + c.countB >= o.minCount, r >= o.minEffect || r <= 1 / o.minEffect {
                x.kind = r > 1 ? .rateIncrease : .rateDecrease
                out.append(x)
            }
        }
        if c.countA >= 5, c.countB >= 5, let from = dominant(c.levelsA), let to = dominant(c.levelsB), from != to {
            var l = c
            l.kind = .levelChange
            l.detail = "dominant level \(from) → \(to)"
            out.append(l)
        }
        return out
    }

    /// Value shifts of low-cardinality variables and exception changes of attached stack traces.
    private static func attributeChanges(_ c: Change, _ ta: DeploymentSnapshot.Template, _ tb: DeploymentSnapshot.Template, _ o: DiffOptions) -> [Change] {
        var out: [Change] = []
        for position in Set(ta.values.keys).intersection(tb.values.keys).sorted() where position != RecordAttribute.component.position {
            let va = ta.values[position]!
            let vb = tb.values[position]!
            if va[DeploymentSnapshot.manyValue] != nil || vb[DeploymentSnapshot.manyValue] != nil { continue }
            var shifted: [ValueCount] = []
            for value in Set(va.keys).union(vb.keys).sorted() {
                let na = va[value] ?? 0
                let nb = vb[value] ?? 0
                let p = Statistics.rateShiftPValue(a: na, b: nb, exposureA: Double(ta.count), exposureB: Double(tb.count))
                let shareB = Double(nb) / Double(max(1, tb.count))
                let shareA = Double(na) / Double(max(1, ta.count))
                let newValue = na == 0 && nb >= 5 && shareB >= 0.02
                let grown = na > 0 && nb >= 5 && shareB >= o.minEffect * shareA && p < o.alpha
                if newValue || grown { shifted.append(ValueCount(position: positionName(position), value: value, countA: na, countB: nb)) }
            }
            guard !shifted.isEmpty else { continue }
            var x = c
            let attribute = RecordAttribute.from(position: position)
            x.kind = attribute == nil ? .valueShift : .exceptionChange
            x.values = shifted
            x.detail = shifted.map { "\($0.position) = \($0.value): \($0.countA) → \($0.countB)" }.joined(separator: "; ")
            out.append(x)
        }
        return out
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

    private static func link(_ changes: inout [Change], _ set: ChangeSet, _ o: DiffOptions) {
        let commits = Dictionary(uniqueKeysWithValues: set.commits.map { ($0.id, $0) })
        let touching = { (path: String) -> ObjectID? in set.commits.first { $0.files.contains(path) }?.id }
        let linker = StatementLinker(set.files, fallbackCommit: touching)
        for i in changes.indices where changes[i].kind == .levelChange {
            // A level change whose statement the range rewrote (`logger.debug` → `logger.warning`).
            guard let f = linker.link(changes[i].template.text, side: .added, minScore: o.minLinkScore) else { continue }
            let c = f.candidate.commit.flatMap { commits[$0] }
            changes[i].link = CodeLink(
                file: f.candidate.file, line: f.candidate.line, hunkHeader: f.candidate.header, text: f.candidate.text, side: "added",
                commit: c.map { CommitRef(id: $0.id.hex, subject: $0.subject, author: $0.author.name) }, score: (f.score * 1000).rounded() / 1000,
                hunk: f.candidate.hunk)
            changes[i].classification = .intended
        }
        for i in changes.indices where changes[i].kind == .new || changes[i].kind == .vanished || changes[i].kind == .rareAbsent {
            let new = changes[i].kind == .new
            let found = linker.link(changes[i].template.text, side: new ? .added : .removed, minScore: o.minLinkScore)
            if let f = found {
                let c = f.candidate.commit.flatMap { commits[$0] }
                changes[i].link = CodeLink(
                    file: f.candidate.file, line: f.candidate.line, hunkHeader: f.candidate.header, text: f.candidate.text,
                    side: new ? "added" : "removed",
                    commit: c.map { CommitRef(id: $0.id.hex, subject: $0.subject, author: $0.author.name) }, score: (f.score * 1000).rounded() / 1000,
                    hunk: f.candidate.hunk)
            }
            if changes[i].kind != .rareAbsent || found != nil {
                changes[i].classification = new ? (found == nil ? .unexplainedNew : .intended) : (found == nil ? .unexplainedVanished : .removed)
            }
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
            changes[v].rewordedWith = changes[n].id
            changes[n].rewordedWith = changes[v].id
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
    /// them, by how close the files they touched are to the change's component (logger
    /// `app.checkout` → `app/`), newest first among equals.
    private static func suspect(_ changes: inout [Change], _ set: ChangeSet) {
        let paths = set.commits.map { c in c.files.map { $0.lowercased().split(separator: "/").map(String.init) } }
        for i in changes.indices where changes[i].classification == .unexplainedNew || changes[i].kind == .rateIncrease
            || changes[i].kind == .exceptionChange || changes[i].kind == .valueShift || changes[i].kind == .levelChange
        {
            guard changes[i].link == nil else { continue }
            let parts = (changes[i].component ?? "").lowercased().split { $0 == "." || $0 == "/" || $0 == ":" }.map(String.init)
            var scored: [(Int, Int, GitCommit, [String])] = []
            for (order, c) in set.commits.enumerated() {
                let scores = paths[order].map { proximity(parts, $0) }
                guard let best = scores.max(), best > 0 else { continue }
                scored.append((best, order, c, zip(c.files, scores).filter { $0.1 == best }.map(\.0)))
            }
            let ranked = scored.sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }.prefix(3)
            changes[i].suspects = ranked.map { (_, _, commit, files) in
                Suspect(
                    commit: CommitRef(id: commit.id.hex, subject: commit.subject, author: commit.author.name),
                    reason: "touches " + files.joined(separator: ", "))
            }
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
        let level = LogLevel(c.template.level)
        let serious = level >= .error
        let warn = level == .warning
        var s: Severity
        switch c.kind {
        case .new: s = serious ? .critical : warn ? .high : .medium
        case .rateIncrease: s = serious ? .high : warn ? .medium : .low
        case .levelChange:
            let to = dominant(c.levelsB).map(LogLevel.init) ?? .unknown
            s = to >= .error ? .high : to == .warning ? .medium : .low
        case .exceptionChange: s = .high
        case .valueShift: s = serious ? .high : warn ? .medium : .low
        case .vanished: s = serious ? .low : .medium
        case .rateDecrease: s = .low
        case .rareAbsent: s = .info
        }
        if c.classification == .intended || c.classification == .removed || c.classification == .reworded {
            s = Severity.allCases[max(0, s.rank - 1)]
        }
        return s
    }

    static func rankedBefore(_ x: Change, _ y: Change) -> Bool {
        if x.severity != y.severity { return x.severity > y.severity }
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

    private static func levels(_ t: DeploymentSnapshot.Template?) -> [String: Int] {
        guard let t else { return [:] }
        var out: [String: Int] = [:]
        for l in LogLevel.allCases where t.levels[l.rawValue] > 0 { out[l.description] = t.levels[l.rawValue] }
        return out
    }

    private static func dominant(_ levels: [String: Int]) -> String? {
        levels.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
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
