import LogMining
import PatternDiff

/// What a gate fails or warns on. `Codable`: the CLI loads it from `.deploydiff.yml`.
public struct GatePolicy: Codable, Sendable, Equatable {
    public enum Preset: String, Codable, Sendable, CaseIterable {
        case strict, `default`, lenient
    }

    public enum Action: String, Codable, Sendable {
        case fail, warn
    }

    /// One rule: which changes it matches and what to do with them.
    public struct Rule: Codable, Sendable, Equatable {
        public var name: String
        /// Change kinds it applies to (`new`, `rate-increase`, ...); all when empty.
        public var kinds: [ChangeKind]?
        /// Classifications it applies to (`unexplained-new`, ...); any when nil.
        public var classifications: [Classification]?
        /// Lowest template level it applies to (`WARN`, `ERROR`).
        public var minLevel: LogLevel?
        /// Highest template level it applies to.
        public var maxLevel: LogLevel?
        /// Rate shifts: the ratio must be at least this.
        public var minRatio: Double?
        /// The q-value must be below this.
        public var maxQ: Double?
        /// A glob on the template text (`payment*`).
        public var match: String?
        public var action: Action

        /// Spelled out so that `PolicyLoader` knows every key a rule may have.
        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, kinds, classifications, minLevel, maxLevel, minRatio, maxQ, match, action
        }

        public init(
            name: String, kinds: [ChangeKind]? = nil, classifications: [Classification]? = nil, minLevel: LogLevel? = nil,
            maxLevel: LogLevel? = nil, minRatio: Double? = nil, maxQ: Double? = nil, match: String? = nil, action: Action
        ) {
            self.name = name
            self.kinds = kinds
            self.classifications = classifications
            self.minLevel = minLevel
            self.maxLevel = maxLevel
            self.minRatio = minRatio
            self.maxQ = maxQ
            self.match = match
            self.action = action
        }
    }

    /// Changes never counted by any rule: template ids or globs on their text.
    public struct Ignore: Codable, Sendable, Equatable {
        public var template: Int?
        public var match: String?
        public var reason: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case template, match, reason
        }

        public init(template: Int? = nil, match: String? = nil, reason: String? = nil) {
            self.template = template
            self.match = match
            self.reason = reason
        }
    }

    public var version: Int?
    public var preset: Preset?
    /// Rules added to the preset's.
    public var rules: [Rule]?
    public var ignore: [Ignore]?
    /// Per-service overrides of `preset`, `rules` and `ignore`.
    public var services: [String: GatePolicy]?
    /// Whether a model's verdict may pass a gate that the deterministic rules fail. Off by default:
    /// log text reaches the model, and log text is data, never instructions.
    public var trustModelVerdict: Bool?
    /// Files that never explain a production log line: globs (`tests/` a folder anywhere, `*_test.go`
    /// a file name, `docs/*.md` a path). Nil: the built-in list (tests, docs, examples, changelogs,
    /// vendored code); an empty list: every file may explain a log line. Passed to the diff as
    /// `DiffOptions.nonProductionPaths`.
    public var nonProductionPaths: [String]?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case version, preset, rules, ignore, services, trustModelVerdict, nonProductionPaths
    }

    /// The one policy file version this build reads.
    public static let supportedVersion = 1

    public init(
        version: Int? = 1, preset: Preset? = nil, rules: [Rule]? = nil, ignore: [Ignore]? = nil, services: [String: GatePolicy]? = nil,
        trustModelVerdict: Bool? = nil, nonProductionPaths: [String]? = nil
    ) {
        self.nonProductionPaths = nonProductionPaths
        self.version = version
        self.preset = preset
        self.rules = rules
        self.ignore = ignore
        self.services = services
        self.trustModelVerdict = trustModelVerdict
    }

    /// The policy for one service: its overrides over the top level.
    public func resolved(for service: String) -> GatePolicy {
        guard let o = services?[service] else { return self }
        var p = self
        p.preset = o.preset ?? preset
        p.rules = (rules ?? []) + (o.rules ?? [])
        p.ignore = (ignore ?? []) + (o.ignore ?? [])
        p.trustModelVerdict = o.trustModelVerdict ?? trustModelVerdict
        p.nonProductionPaths = o.nonProductionPaths ?? nonProductionPaths
        p.services = nil
        return p
    }

    /// The preset's rules, then the policy's own.
    public var effectiveRules: [Rule] { Self.rules(of: preset ?? .default) + (rules ?? []) }

    public static func rules(of preset: Preset) -> [Rule] {
        switch preset {
        case .strict:
            [
                Rule(name: "new-error-template", kinds: [.new], classifications: [.unexplainedNew, .newlyReached, .intended], minLevel: .error, action: .fail),
                Rule(name: "error-rate-increase", kinds: [.rateIncrease], minLevel: .error, minRatio: 1.5, maxQ: 0.05, action: .fail),
                Rule(name: "exception-change", kinds: [.exceptionChange], action: .fail),
                // A fixed bug that is back, at any level: the fix did not hold.
                Rule(name: "recurrence", kinds: [.recurrence], action: .fail),
                Rule(name: "new-warning-template", kinds: [.new], classifications: [.unexplainedNew, .newlyReached], minLevel: .warning, action: .fail),
                Rule(name: "level-raised", kinds: [.levelChange], minLevel: .warning, action: .warn),
                Rule(name: "unexplained-vanished", kinds: [.vanished], classifications: [.unexplainedVanished, .noLongerReached], action: .warn),
            ]
        case .default:
            [
                Rule(name: "unexplained-new-error", kinds: [.new], classifications: [.unexplainedNew, .newlyReached], minLevel: .error, action: .fail),
                Rule(name: "error-rate-increase", kinds: [.rateIncrease], minLevel: .error, minRatio: 2, maxQ: 0.01, action: .fail),
                Rule(name: "exception-change", kinds: [.exceptionChange], minLevel: .error, action: .fail),
                Rule(name: "new-error-template", kinds: [.new], classifications: [.intended], minLevel: .error, action: .warn),
                Rule(name: "unexplained-new-warning", kinds: [.new], classifications: [.unexplainedNew, .newlyReached], minLevel: .warning, maxLevel: .warning, action: .warn),
                Rule(name: "unexplained-vanished", kinds: [.vanished], classifications: [.unexplainedVanished, .noLongerReached], action: .warn),
            ]
        case .lenient:
            [
                Rule(name: "unexplained-new-error", kinds: [.new], classifications: [.unexplainedNew, .newlyReached], minLevel: .error, minRatio: nil, action: .fail),
                Rule(name: "error-rate-increase", kinds: [.rateIncrease], minLevel: .error, minRatio: 5, maxQ: 0.001, action: .fail),
            ]
        }
    }
}
