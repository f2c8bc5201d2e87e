import GRDB
import LogMining

/// Everything the diff reads of one deployment, loaded in one read transaction. Ids merged into
/// another template are folded into the id they now stand for.
public struct DeploymentSnapshot: Sendable {
    public struct Template: Sendable {
        public let id: Int
        public let text: String
        public var count: Int
        /// Indexed by `LogLevel.rawValue`.
        public var levels: [Int]
        public var firstTimestamp: Int64?
        public var lastTimestamp: Int64?
        /// Minute (epoch minutes) → records.
        public var minutes: [Int64: Int]
        public var samples: [String]
        /// Token position (or a `RecordAttribute` position) → value → count.
        public var values: [Int: [String: Int]]

        public var maxLevel: LogLevel {
            LogLevel.allCases.last { levels[$0.rawValue] > 0 } ?? .unknown
        }

        /// The level most records have.
        public var dominantLevel: LogLevel {
            LogLevel.allCases.max { levels[$0.rawValue] < levels[$1.rawValue] } ?? .unknown
        }
    }

    public let deployment: DeploymentInfo
    public let templates: [Int: Template]

    /// The value row that stands for a position with too many distinct values to keep: its total.
    public static let manyValue = "(many)"
    /// Positions with fewer values are not read: a value shift needs volume. (They are stored, so a
    /// resumed run continues their counts.)
    public static let minimumValueCount = 10

    /// Minutes between the first and last record (at least 1), for rates per minute.
    public var minutes: Double {
        guard let f = deployment.firstTimestamp, let l = deployment.lastTimestamp else { return 1 }
        return max(1, Double(l - f) / 60_000)
    }
}

extension PatternStore {
    public func snapshot(_ deployment: DeploymentInfo) throws -> DeploymentSnapshot {
        try PatternStoreError.wrap(path) {
            try pool.read { db in
                var out = try Self.templateCounts(db, deployment: deployment.id)
                for r in try Row.fetchAll(db, sql: "SELECT template_id, minute, count FROM template_minute WHERE deployment_id = ?", arguments: [deployment.id]) {
                    out.addMinute(template: r["template_id"], minute: r["minute"], count: r["count"])
                }
                for r in try Row.fetchAll(
                    db, sql: "SELECT template_id, text FROM sample WHERE deployment_id = ? ORDER BY template_id, priority", arguments: [deployment.id])
                {
                    out.addSample(template: r["template_id"], text: r["text"])
                }
                for r in try Row.fetchAll(
                    db, sql: "SELECT template_id, position, value, count FROM value_count WHERE deployment_id = ?", arguments: [deployment.id])
                {
                    out.addValue(template: r["template_id"], position: r["position"], value: r["value"], count: r["count"])
                }
                return out.snapshot(deployment)
            }
        }
    }
}
