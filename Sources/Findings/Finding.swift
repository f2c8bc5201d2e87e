import PatternDiff

/// What a human reviews after a deploy: not an alert, a finding. A verdict with its confidence, a
/// short narrative, the suspected pattern, the evidence (each item pointing at a change of the
/// diff), a next check, and actions proposed as text (nothing is executed). Versioned JSON
/// (`docs/finding-schema.md`).
public struct Finding: Codable, Sendable, Equatable {
    public static let schemaVersion = 1

    public enum Verdict: String, Codable, Sendable, CaseIterable {
        case regression
        case intendedChange = "intended-change"
        case benign
        case inconclusive
    }

    public enum Tier: String, Codable, Sendable {
        case deterministic
        case smallModel = "small-model"
        case escalated
    }

    public struct Pattern: Codable, Sendable, Equatable {
        public var templateID: Int
        public var text: String
    }

    public struct Evidence: Codable, Sendable, Equatable {
        /// The change's id in the diff (`new:T15`).
        public var change: String
        public var summary: String
        public var countA: Int
        public var countB: Int
        public var sample: String?
        public var file: String?
        public var line: Int?
        public var commit: String?
        public var commitSubject: String?
        /// Where the records were raised: the innermost repository frame of their stack trace
        /// and the exception (`ConnectionRefusedError in svc/app.py:13 quote()`).
        public var frame: String?
    }

    /// Which tier answered, and what it cost.
    public struct Routing: Codable, Sendable, Equatable {
        public var tier: Tier
        public var model: String?
        public var inputTokens: Int
        public var outputTokens: Int
        public var calls: Int
        public var seconds: Double
        /// Why the router did what it did ("no model configured", "escalated: regression", ...).
        public var notes: [String]
    }

    public var schemaVersion = Finding.schemaVersion
    public var verdict: Verdict
    /// 0...1.
    public var confidence: Double
    public var title: String
    public var narrative: String
    public var suspectedPattern: [Pattern]
    public var evidence: [Evidence]
    public var nextCheck: String
    public var proposedActions: [String]
    /// The commit most likely behind the finding, when one is.
    public var suspectCommit: String?
    public var routing: Routing
}
