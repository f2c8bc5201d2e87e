import LogMining
import PatternStore

/// Each template's life across a service's deployments: where it was first and last seen, its
/// count and level in every deployment, when its level changed, and what each diff or gate found
/// about it (with the commit linked each time): fixes, and whether they held. Versioned JSON
/// (`docs/diff-schema.md`, "History").
public struct ServiceHistory: Codable, Sendable, Equatable {
    public static let schemaVersion = 1

    public struct Deployment: Codable, Sendable, Equatable {
        public var name: String
        public var firstTimestamp: Int64?
        public var records: Int
        public var minutes: Double
        /// The latest review's verdict, once a diff or gate ran on it.
        public var verdict: String?
    }

    public struct Seen: Codable, Sendable, Equatable {
        public var deployment: String
        public var timestamp: Int64?
    }

    public struct Count: Codable, Sendable, Equatable {
        public var deployment: String
        public var count: Int
        /// Per minute of the deployment's log time.
        public var perMinute: Double
        /// The level most of its records have; nil when it has none there.
        public var level: LogLevel?
    }

    public struct LevelChange: Codable, Sendable, Equatable {
        public var deployment: String
        public var from: LogLevel
        public var to: LogLevel
    }

    /// What a diff found about the template in one deployment.
    public struct Event: Codable, Sendable, Equatable {
        public var deployment: String
        public var baseline: String
        public var change: String
        /// The template the change is on: another one for a recurrence of this template's trace.
        public var template: Int
        public var kind: ChangeKind
        public var classification: String?
        public var commit: String?
        public var commitSubject: String?
        public var statement: String?
        public var detail: String?
    }

    /// A disappearance linked to a fix, and whether the fix held.
    public struct Fix: Codable, Sendable, Equatable {
        public var vanishedIn: String
        public var commit: String?
        public var commitSubject: String?
        public var statement: String?
        public var held: Bool
        /// The first later deployment it came back in, and as which template.
        public var backIn: String?
        public var backAs: Int?
    }

    public struct Template: Codable, Sendable, Equatable {
        public var id: Int
        public var text: String
        /// The most severe level seen in any deployment shown.
        public var level: LogLevel
        public var firstSeen: Seen?
        public var lastSeen: Seen?
        /// One per deployment shown, in order; 0 where it was absent.
        public var counts: [Count]
        public var levelChanges: [LevelChange]
        public var events: [Event]
        public var fixes: [Fix]
    }

    public var schemaVersion = ServiceHistory.schemaVersion
    public var service: String
    public var deployments: [Deployment]
    public var templates: [Template]
}

/// Builds a `ServiceHistory` from the store: counts from every deployment, events from the reviews.
public enum HistoryBuilder {
    /// What to show.
    public enum Selection: Sendable, Equatable {
        case all
        case template(Int)
        /// A glob on the template text (`*timeout*`).
        case matching(String)
        case templates(Set<Int>)
    }

    /// `since`: only deployments whose first record (or, without one, nothing) is at or after
    /// this time, milliseconds since the epoch.
    /// `through`: the last deployment shown (a report's candidate), nil for the latest.
    public static func build(store: any DeploymentStore, service: String, selection: Selection, since: Int64?, through: String? = nil) throws -> ServiceHistory {
        var deployments = try store.deployments(service: service).filter { d in since.map { (d.firstTimestamp ?? Int64.min) >= $0 } ?? true }
        if let through, let end = deployments.firstIndex(where: { $0.name == through }) { deployments = Array(deployments[...end]) }
        guard !deployments.isEmpty else { throw PatternDiffError.noDeploymentsInRange(service: service) }
        let stats = try deployments.map { try store.templateStats(deployment: $0) }
        let reviews = try store.reviews(service: service).filter { r in deployments.contains { $0.id == r.candidateID } }
        var texts: [Int: String] = [:]
        for s in stats { for t in s { texts[t.id] = t.text } }
        let ids = texts.keys.sorted().filter { id in
            switch selection {
            case .all: true
            case .template(let t): id == t
            case .matching(let g): Glob.matches(g, texts[id]!)
            case .templates(let set): set.contains(id)
            }
        }
        if case .template(let t) = selection, ids.isEmpty { throw PatternDiffError.templateNotInRange(service: service, id: t) }
        let byID = stats.map { Dictionary(uniqueKeysWithValues: $0.map { ($0.id, $0) }) }
        let shown = deployments.enumerated().map { i, d in
            ServiceHistory.Deployment(
                name: d.name, firstTimestamp: d.firstTimestamp, records: d.records, minutes: (minutes(d) * 100).rounded() / 100, verdict: d.review?.verdict)
        }
        let templates = ids.map { id in template(id, texts[id]!, deployments, byID, reviews) }
        return ServiceHistory(service: service, deployments: shown, templates: templates)
    }

    private static func template(
        _ id: Int, _ text: String, _ ds: [DeploymentInfo], _ stats: [[Int: TemplateStat]], _ reviews: [StoredReview]
    ) -> ServiceHistory.Template {
        var counts: [ServiceHistory.Count] = []
        var first: ServiceHistory.Seen?
        var last: ServiceHistory.Seen?
        var changes: [ServiceHistory.LevelChange] = []
        var previousLevel: LogLevel?
        var maxLevel = LogLevel.unknown
        for (i, d) in ds.enumerated() {
            let s = stats[i][id]
            let level = s.flatMap { dominant($0.levels) }
            counts.append(.init(deployment: d.name, count: s?.count ?? 0, perMinute: (Double(s?.count ?? 0) / minutes(d) * 100).rounded() / 100, level: level))
            guard let s, s.count > 0 else { continue }
            maxLevel = max(maxLevel, s.maxLevel)
            if first == nil { first = .init(deployment: d.name, timestamp: s.firstTimestamp) }
            last = .init(deployment: d.name, timestamp: s.lastTimestamp)
            if let p = previousLevel, let level, p != level { changes.append(.init(deployment: d.name, from: p, to: level)) }
            previousLevel = level ?? previousLevel
        }
        let order = Dictionary(uniqueKeysWithValues: ds.enumerated().map { ($0.element.name, $0.offset) })
        var events: [ServiceHistory.Event] = []
        for r in reviews.sorted(by: { (order[$0.candidate] ?? 0, $0.baseline) < (order[$1.candidate] ?? 0, $1.baseline) }) {
            for c in r.changes where c.templateID == id || c.fixedTemplate == id {
                guard let kind = ChangeKind(rawValue: c.kind) else { continue }
                events.append(.init(
                    deployment: r.candidate, baseline: r.baseline, change: c.change, template: c.templateID, kind: kind, classification: c.classification, commit: c.commit,
                    commitSubject: c.commitSubject, statement: c.statement, detail: c.detail))
            }
        }
        let fixes = reviews.flatMap { r in
            r.changes.filter { $0.templateID == id && ReviewHistory.isFix($0) }.map { c in fix(c, r, id, ds, stats, reviews, order) }
        }
        return ServiceHistory.Template(
            id: id, text: text, level: maxLevel, firstSeen: first, lastSeen: last, counts: counts, levelChanges: changes, events: events,
            fixes: fixes)
    }

    /// Whether a fix held: the template is absent from every later deployment shown, and no later
    /// review found it (or its trace, under another template) back.
    private static func fix(
        _ c: ReviewedChange, _ r: StoredReview, _ id: Int, _ ds: [DeploymentInfo], _ stats: [[Int: TemplateStat]], _ reviews: [StoredReview],
        _ order: [String: Int]
    ) -> ServiceHistory.Fix {
        let at = order[r.candidate] ?? 0
        var back: (Int, String, Int)?
        for i in ds.indices where i > at && (stats[i][id]?.count ?? 0) > 0 {
            back = (i, ds[i].name, id)
            break
        }
        for later in reviews {
            guard let i = order[later.candidate], i > at, i < (back?.0 ?? Int.max) else { continue }
            if let rc = later.changes.first(where: { $0.kind == ChangeKind.recurrence.rawValue && $0.fixedTemplate == id }) {
                back = (i, later.candidate, rc.templateID)
            }
        }
        return ServiceHistory.Fix(
            vanishedIn: r.candidate, commit: c.commit, commitSubject: c.commitSubject,
            statement: c.classification == Classification.removed.rawValue ? c.statement : nil, held: back == nil, backIn: back?.1, backAs: back?.2)
    }

    private static func minutes(_ d: DeploymentInfo) -> Double {
        guard let f = d.firstTimestamp, let l = d.lastTimestamp else { return 1 }
        return max(1, Double(l - f) / 60_000)
    }

    /// Ties go to the name first in alphabetical order, as the diff's dominant level does.
    private static func dominant(_ levels: [LogLevel: Int]) -> LogLevel? {
        levels.max { $0.value != $1.value ? $0.value < $1.value : $0.key.description > $1.key.description }?.key
    }
}
