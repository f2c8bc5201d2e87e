import LogMining

/// A service: the unit whose templates share ids (one miner state per service).
public struct ServiceInfo: Sendable, Equatable {
    public let id: Int64
    public let name: String
    public let config: MinerConfig
}

/// One indexed deployment.
public struct DeploymentInfo: Codable, Sendable, Equatable {
    public let id: Int64
    public let service: String
    public let name: String
    public let commit: String?
    public let source: String?
    public let indexedAt: String
    /// Earliest and latest record timestamps, milliseconds since the epoch.
    public let firstTimestamp: Int64?
    public let lastTimestamp: Int64?
    public let records: Int
    public let lines: Int
    public let bytes: Int
    /// Records skipped or cut, by `LimitReason` raw value.
    public let skipped: [String: Int]
}

/// A template's numbers in one deployment. Counts of templates merged into it are included.
public struct TemplateStat: Codable, Sendable, Equatable {
    public let id: Int
    public let text: String
    public let count: Int
    /// Records per level name (`ERROR`, `WARN`, ...), only levels seen.
    public let levels: [String: Int]
    public let firstTimestamp: Int64?
    public let lastTimestamp: Int64?

    /// The most severe level seen.
    public var maxLevel: LogLevel {
        levels.keys.compactMap { name in LogLevel.allCases.first { $0.description == name } }.max() ?? .unknown
    }
}

/// How far a source file was indexed into a deployment: enough to skip it when unchanged and to
/// read only its new tail when it grew.
public struct SourceProgress: Sendable, Equatable {
    public var path: String
    public var size: Int64
    public var inode: Int64
    public var mtime: Int64
    /// Hash of the file's first 4 KiB: tells a grown file from a rotated one.
    public var headHash: String
    /// Stream offset just past the last record stored.
    public var offset: Int64
    /// Lines read up to `offset`.
    public var lines: Int64
}
