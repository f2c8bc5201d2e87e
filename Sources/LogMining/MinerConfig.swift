/// Limits that bound the work and memory spent on one record.
public struct MinerLimits: Codable, Sendable, Equatable {
    /// Longest record kept, in bytes; the rest is dropped and counted as `recordTooLong`.
    public var maxRecordBytes: Int
    /// Most tokens mined from one message; the tail becomes one variable, counted as `tooManyTokens`.
    public var maxTokens: Int

    public init(maxRecordBytes: Int = 1 << 20, maxTokens: Int = 256) {
        self.maxRecordBytes = maxRecordBytes
        self.maxTokens = maxTokens
    }
}

/// Settings of the template miner. The defaults are the product's defaults: nothing is tuned per
/// log source, and the accuracy benchmark runs with exactly these.
public struct MinerConfig: Codable, Sendable, Equatable {
    /// Share of a message's tokens that must equal a template's constants for the message to join it.
    public var similarityThreshold: Double
    /// Distinct first tokens kept as branches per message length; beyond, messages share one
    /// wildcard branch (a header glued to its message must not create unbounded branches).
    public var maxChildren: Int
    /// Most templates compared when a message matches no template exactly. Bounds the work per
    /// message when one branch holds very many templates.
    public var maxCandidates: Int
    /// Distinct values a position must show (across templates that differ only there) before it
    /// becomes a variable. 2 is Drain's behaviour: any difference generalises at once.
    public var minDistinctValues: Int
    /// Ordered masking rules; the first that matches a word wins.
    public var maskingRules: [MaskingRule]
    public var limits: MinerLimits

    public init(
        similarityThreshold: Double = 0.5,
        maxChildren: Int = 256,
        maxCandidates: Int = 128,
        minDistinctValues: Int = 4,
        maskingRules: [MaskingRule] = MaskingRule.defaults,
        limits: MinerLimits = MinerLimits()
    ) {
        self.similarityThreshold = similarityThreshold
        self.maxChildren = maxChildren
        self.maxCandidates = maxCandidates
        self.minDistinctValues = minDistinctValues
        self.maskingRules = maskingRules
        self.limits = limits
    }
}
