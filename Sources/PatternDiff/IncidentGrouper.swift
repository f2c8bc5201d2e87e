import PatternStore

/// Groups changes that are one incident: they link to the same commit, come from the same
/// component, or fired together (their first records in the candidate within a minute of each
/// other, or their per-minute counts moving together).
enum IncidentGrouper {
    static let togetherMillis: Int64 = 60_000
    static let minCorrelation = 0.8
    static let maxPairwise = 200

    static func group(_ changes: [Change], a: DeploymentSnapshot, b: DeploymentSnapshot) -> [Incident] {
        let eligible = changes.indices.filter {
            !changes[$0].acknowledged && changes[$0].severity >= .medium && changes[$0].kind != .rareAbsent
        }
        var parent = Dictionary(uniqueKeysWithValues: eligible.map { ($0, $0) })
        func find(_ x: Int) -> Int {
            var r = x
            while parent[r]! != r { r = parent[r]! }
            return r
        }
        var reasons: [Int: Set<String>] = [:]
        func union(_ x: Int, _ y: Int, _ why: String) {
            let rx = find(x)
            let ry = find(y)
            if rx != ry { parent[max(rx, ry)] = min(rx, ry) }
            reasons[x, default: []].insert(why)
            reasons[y, default: []].insert(why)
        }
        // Same template, commit or component: joined through the first change seen with that key,
        // in one pass. Firing together compares pairs, so it is bounded to the most severe changes.
        var firstWith: [String: Int] = [:]
        for i in eligible {
            let c = changes[i]
            var keys = ["template \(c.template.id)": "same template"]
            if let id = c.link?.commit?.id { keys["commit \(id)"] = "same commit \(String(id.prefix(7)))" }
            if let comp = c.component, appearing(c) { keys["component \(comp)"] = "same component \(comp)" }
            for (key, why) in keys.sorted(by: { $0.key < $1.key }) {
                if let j = firstWith[key] { union(j, i, why) } else { firstWith[key] = i }
            }
        }
        let top = Array(eligible.filter { appearing(changes[$0]) }.sorted { DiffEngine.rankedBefore(changes[$0], changes[$1]) }.prefix(maxPairwise))
        for (n, i) in top.enumerated() {
            for j in top[(n + 1)...] where firedTogether(changes[i], changes[j], b) { union(i, j, "fired together") }
        }
        var groups: [Int: [Int]] = [:]
        for i in eligible { groups[find(i), default: []].append(i) }
        return groups.values.map { members -> Incident in
            let ordered = members.sorted { l, r in
                let fl = changes[l].firstSeenB ?? Int64.max
                let fr = changes[r].firstSeenB ?? Int64.max
                return fl != fr ? fl < fr : changes[l].id < changes[r].id
            }
            let top = members.map { changes[$0] }.sorted(by: DiffEngine.rankedBefore)[0]
            let why = members.reduce(into: Set<String>()) { $0.formUnion(reasons[$1] ?? []) }
            return Incident(
                id: "", kind: top.kind == .recurrence ? .recurrence : nil, severity: top.severity,
                title: "\(top.kind.rawValue): " + (top.kind == .recurrence ? top.detail ?? top.template.text : top.template.text),
                changes: ordered.map { changes[$0].id }, reasons: why.sorted())
        }
        .sorted { x, y in x.severity != y.severity ? x.severity > y.severity : x.changes[0] < y.changes[0] }
        .enumerated().map { i, inc in
            var x = inc
            x.id = "I\(i + 1)"
            return x
        }
    }

    private static func appearing(_ c: Change) -> Bool {
        c.kind == .new || c.kind == .rateIncrease || c.kind == .levelChange || c.kind == .exceptionChange || c.kind == .valueShift
            || c.kind == .recurrence
    }

    private static func firedTogether(_ x: Change, _ y: Change, _ b: DeploymentSnapshot) -> Bool {
        guard appearing(x), appearing(y) else { return false }
        if x.kind == .new, y.kind == .new, let fx = x.firstSeenB, let fy = y.firstSeenB, abs(fx - fy) <= togetherMillis { return true }
        guard let mx = b.templates[x.template.id]?.minutes, let my = b.templates[y.template.id]?.minutes,
            mx.count >= 3, my.count >= 3
        else { return false }
        return correlation(mx, my) >= minCorrelation
    }

    /// Pearson correlation of two per-minute series over the union of their minutes.
    static func correlation(_ a: [Int64: Int], _ b: [Int64: Int]) -> Double {
        let keys = Set(a.keys).union(b.keys)
        guard let lo = keys.min(), let hi = keys.max(), hi > lo else { return 0 }
        let xs = (lo...hi).map { Double(a[$0] ?? 0) }
        let ys = (lo...hi).map { Double(b[$0] ?? 0) }
        let n = Double(xs.count)
        let mx = xs.reduce(0, +) / n
        let my = ys.reduce(0, +) / n
        var sxy = 0.0
        var sxx = 0.0
        var syy = 0.0
        for i in xs.indices {
            sxy += (xs[i] - mx) * (ys[i] - my)
            sxx += (xs[i] - mx) * (xs[i] - mx)
            syy += (ys[i] - my) * (ys[i] - my)
        }
        return sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : 0
    }
}
