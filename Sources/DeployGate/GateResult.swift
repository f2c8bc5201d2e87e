import LogMining
import PatternDiff

/// The gate's decision and why: every rule that matched, with the measured values against their
/// thresholds and the evidence.
public struct GateResult: Codable, Sendable, Equatable {
    public enum Decision: String, Codable, Sendable {
        case pass, warn, fail
    }

    public struct Violation: Codable, Sendable, Equatable {
        public var rule: String
        public var action: GatePolicy.Action
        public var change: String
        public var template: String
        public var level: LogLevel
        /// "new ERROR template, unexplained-new; 0 → 553 records; q = 2.4e-167 (threshold 0.01)".
        public var measured: String
        public var file: String?
        public var line: Int?
        public var commit: String?
    }

    public struct RuleOutcome: Codable, Sendable, Equatable {
        public var rule: String
        public var action: GatePolicy.Action
        public var violations: Int
    }

    public var decision: Decision
    public var rules: [RuleOutcome]
    public var violations: [Violation]
    /// Changes left out by the ignore list or acknowledged, with why.
    public var ignored: [String]
    public var notes: [String]
}
