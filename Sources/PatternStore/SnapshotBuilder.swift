import LogMining

/// Folds a deployment's stored rows into per-template numbers, ids merged into another counted
/// under the id they now stand for. Every backend reads its rows and hands them here, so the
/// SQLite and the PostgreSQL store give the same snapshot by construction.
///
/// Rows may come in any order except samples, which come in (template id, priority) order.
public struct SnapshotBuilder {
    private let texts: [Int: String]
    private let aliases: [Int: Int]
    public private(set) var templates: [Int: DeploymentSnapshot.Template] = [:]

    /// - Parameters:
    ///   - texts: the service's template texts by id.
    ///   - aliases: template id → the id it was merged into.
    public init(texts: [Int: String], aliases: [Int: Int]) {
        self.texts = texts
        self.aliases = aliases
    }

    /// One count row: records of `template`, per `LogLevel.rawValue` in `levels`.
    public mutating func addCount(template: Int, count: Int, levels: [Int], first: Int64?, last: Int64?) {
        let id = resolve(template)
        var t = templates[id] ?? .init(
            id: id, text: texts[id] ?? "", count: 0, levels: [Int](repeating: 0, count: LogLevel.allCases.count),
            firstTimestamp: nil, lastTimestamp: nil, minutes: [:], samples: [], values: [:])
        t.count += count
        for i in levels.indices { t.levels[i] += levels[i] }
        if let first { t.firstTimestamp = min(t.firstTimestamp ?? first, first) }
        if let last { t.lastTimestamp = max(t.lastTimestamp ?? last, last) }
        templates[id] = t
    }

    public mutating func addMinute(template: Int, minute: Int64, count: Int) {
        templates[resolve(template)]?.minutes[minute, default: 0] += count
    }

    /// Samples in (template id, priority) order: the first `IndexBatch.sampleLimit` of an id are kept.
    public mutating func addSample(template: Int, text: String) {
        let id = resolve(template)
        if (templates[id]?.samples.count ?? 99) < IndexBatch.sampleLimit { templates[id]?.samples.append(text) }
    }

    public mutating func addValue(template: Int, position: Int, value: String, count: Int) {
        templates[resolve(template)]?.values[position, default: [:]][value, default: 0] += count
    }

    /// The snapshot: positions with too few values for a shift are left out (`minimumValueCount`).
    public func snapshot(_ deployment: DeploymentInfo) -> DeploymentSnapshot {
        var out = templates
        for (id, t) in out {
            let kept = t.values.filter { $0.value.values.reduce(0, +) >= DeploymentSnapshot.minimumValueCount }
            if kept.count != t.values.count { out[id]?.values = kept }
        }
        return DeploymentSnapshot(deployment: deployment, templates: out)
    }

    /// Per-template numbers, most frequent first (ties by id).
    public var stats: [TemplateStat] {
        templates.values.map { t in
            var levels: [LogLevel: Int] = [:]
            for l in LogLevel.allCases where t.levels[l.rawValue] > 0 { levels[l] = t.levels[l.rawValue] }
            return TemplateStat(id: t.id, text: t.text, count: t.count, levels: levels, firstTimestamp: t.firstTimestamp, lastTimestamp: t.lastTimestamp)
        }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.id < $1.id }
    }

    private func resolve(_ id: Int) -> Int {
        var r = id
        var hops = 0
        while let next = aliases[r], hops < 1000 {
            r = next
            hops += 1
        }
        return r
    }
}
