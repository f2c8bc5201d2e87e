/// How rates are compared: per record (share of all records) or per minute of log time.
public enum Normalization: String, Codable, Sendable, CaseIterable {
    case records, time
}

/// Thresholds of the diff. `Codable`, so a configuration file can set them.
public struct DiffOptions: Codable, Sendable, Equatable {
    /// False discovery rate: a change is significant when its q-value is below this.
    public var alpha: Double
    /// A rate shift must be at least this factor, either way.
    public var minEffect: Double
    /// Fewest occurrences (baseline + candidate) a rate shift, vanishing or value shift needs.
    public var minCount: Int
    public var normalize: Normalization
    /// Link scores below this are not reported as links.
    public var minLinkScore: Double
    /// Template ids to treat as acknowledged (from configuration), beside the store's acks.
    public var acknowledged: Set<Int>
    /// Files that never explain a production log line (see `PathFilter`); nil: the defaults
    /// (`PathFilter.defaultPatterns`: tests, docs, examples, changelogs, vendored code), [] none.
    public var nonProductionPaths: [String]?

    public init(
        alpha: Double = 0.01, minEffect: Double = 2, minCount: Int = 10, normalize: Normalization = .records,
        minLinkScore: Double = 0.6, acknowledged: Set<Int> = [], nonProductionPaths: [String]? = nil
    ) {
        self.alpha = alpha
        self.minEffect = minEffect
        self.minCount = minCount
        self.normalize = normalize
        self.minLinkScore = minLinkScore
        self.acknowledged = acknowledged
        self.nonProductionPaths = nonProductionPaths
    }

    /// The filter `nonProductionPaths` describes.
    public var nonProduction: PathFilter { PathFilter(nonProductionPaths ?? PathFilter.defaultPatterns) }
}
