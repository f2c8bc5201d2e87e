import LogMining

/// Templates one statement writes, judged together. A statement whose message ends in varying
/// text (an exception's message, a path) spreads its records over several templates; each can
/// fall below a per-template minimum while the statement as a whole moved from DEBUG to WARN, or
/// rose, or stopped. Such templates are judged as one: a level change, rate shift or vanishing
/// over their summed records, with the member ids in `templates`.
///
/// One statement is recognised by the component and a composed message's head: the words up to
/// the first one ending in `:` (within the first six, at least two of them not variables), the
/// shape `"refresh failed: " + error` takes in every language. `refresh failed: timeout after <*>`
/// and `refresh failed: host <*> unreachable` go together; `Connection from <*> closed` and
/// `... opened`, with no such head, stay apart. A group is judged for a kind only when none of its members
/// shows that kind on its own, with the same thresholds a single template meets; its q-value is
/// Bonferroni-corrected over the groups looked at.
enum StatementGroups {
    static let maxHeadWords = 6

    static func changes(
        _ bases: [Int: ChangeEvidence], existing: [Change], exposureA: Double, exposureB: Double, scale: Double, o: DiffOptions
    ) -> (add: [Change], dropRareAbsent: Set<Int>) {
        let groups = Dictionary(grouping: bases.values.filter { key($0) != nil }, by: { key($0)! }).values
            .filter { $0.count >= 2 }.map { $0.sorted { $0.template.id < $1.template.id } }
            .sorted { $0[0].template.id < $1[0].template.id }
        var kindsOf: [Int: Set<ChangeKind>] = [:]
        for c in existing { kindsOf[c.template.id, default: []].insert(c.kind) }
        var add: [Change] = []
        var drop = Set<Int>()
        for members in groups {
            let seen = members.reduce(into: Set<ChangeKind>()) { $0.formUnion(kindsOf[$1.template.id] ?? []) }
            let e = summed(members, exposureA: exposureA, exposureB: exposureB, scale: scale, tests: groups.count)
            if !seen.contains(.levelChange), e.countA >= 5, e.countB >= 5, let from = DiffEngine.dominant(e.levelsA),
                let to = DiffEngine.dominant(e.levelsB), from != to
            {
                add.append(Change(.levelChange(from: from, to: to), e, detail: "dominant level \(from) → \(to) over \(members.count) templates of one statement"))
            }
            let significant = e.qValue < o.alpha && e.countA + e.countB >= o.minCount
            if e.countB == 0, members.allSatisfy({ seen.isDisjoint(with: [.vanished, .new]) && $0.countB == 0 }), significant {
                add.append(Change(.vanished(), e, detail: "\(members.count) templates of one statement, \(e.countA) records in all"))
                drop.formUnion(members.map(\.template.id))
            } else if e.countA > 0, e.countB > 0, seen.isDisjoint(with: [.rateIncrease, .rateDecrease, .new, .vanished]), significant,
                let r = e.ratio, r >= o.minEffect || r <= 1 / o.minEffect
            {
                add.append(Change(r > 1 ? .rateIncrease : .rateDecrease(), e, detail: "over \(members.count) templates of one statement"))
            }
        }
        return (add, drop)
    }

    /// The statement a template's records come from: component and the composed message's head;
    /// nil without a head, or with one too variable to tell statements apart.
    static func key(_ e: ChangeEvidence) -> String? {
        let words = e.template.text.split(separator: " ", omittingEmptySubsequences: true)
        guard let end = words.prefix(maxHeadWords).firstIndex(where: { $0.hasSuffix(":") }), end + 1 < words.count else { return nil }
        let head = words[...end]
        guard head.filter({ !$0.contains("<*>") }).count >= 2 else { return nil }
        return (e.component ?? "") + "\u{1}" + head.joined(separator: " ")
    }

    /// The members' records as one template's: the most frequent member stands for the group.
    private static func summed(_ ms: [ChangeEvidence], exposureA: Double, exposureB: Double, scale: Double, tests: Int) -> ChangeEvidence {
        let lead = ms.max { ($0.countA + $0.countB, $1.template.id) < ($1.countA + $1.countB, $0.template.id) }!
        let a = ms.reduce(0) { $0 + $1.countA }
        let b = ms.reduce(0) { $0 + $1.countB }
        let p = Statistics.rateShiftPValue(a: a, b: b, exposureA: exposureA, exposureB: exposureB)
        var t = lead.template
        t.level = ms.map(\.template.level).max() ?? t.level
        return ChangeEvidence(
            template: t, countA: a, countB: b, rateA: Double(a) / exposureA * scale, rateB: Double(b) / exposureB * scale,
            ratio: a == 0 ? nil : (Double(b) / exposureB) / (Double(a) / exposureA), pValue: p, qValue: min(1, p * Double(tests)),
            levelsA: ms.reduce(into: [:]) { $0.merge($1.levelsA, uniquingKeysWith: +) },
            levelsB: ms.reduce(into: [:]) { $0.merge($1.levelsB, uniquingKeysWith: +) }, firstSeenB: ms.compactMap(\.firstSeenB).min(),
            samples: Array(ms.sorted { $0.countB > $1.countB }.flatMap(\.samples).prefix(5)), seriesA: DiffEngine.sum(ms.map(\.seriesA)),
            seriesB: DiffEngine.sum(ms.map(\.seriesB)), component: lead.component, templates: ms.map(\.template.id))
    }
}
