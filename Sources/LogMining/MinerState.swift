import Foundation

/// The miner's whole state, serialisable. Restoring it gives a miner that assigns the same ids to
/// the same input as the miner it was taken from: the store keeps one per service so template
/// ids stay stable across runs and deployments.
public struct MinerState: Codable, Sendable, Equatable {
    public static let currentVersion = 1

    public struct StoredTemplate: Codable, Sendable, Equatable {
        /// The template text (`<*>` for variables), rendered from the fields below.
        public var text: String { TemplateText.render(tokens: tokens, separators: separators, variable: variable) }
        public var tokenCount: Int32
        public var first: UInt64
        public var hashes: [UInt64]
        public var variable: [Bool]
        public var tokens: [String]
        public var separators: [String]
        public var count: Int
        public var mergedInto: Int?
        public var root: Int?
        public var siblings: [Int]
        /// Position → distinct token hashes seen there.
        public var values: [Int32: [UInt64]]
    }

    public var version: Int
    public var config: MinerConfig
    /// Index i holds template id i + 1.
    public var templates: [StoredTemplate]

    public init(version: Int = MinerState.currentVersion, config: MinerConfig, templates: [StoredTemplate]) {
        self.version = version
        self.config = config
        self.templates = templates
    }

    /// JSON bytes of the state.
    public func encoded() throws -> Data { try JSONEncoder().encode(self) }

    public static func decode(_ data: Data) throws -> MinerState {
        let state: MinerState
        do { state = try JSONDecoder().decode(MinerState.self, from: data) } catch {
            throw LogMiningError.corruptState(reason: "\(error)")
        }
        guard state.version <= currentVersion else {
            throw LogMiningError.stateVersion(found: state.version, supported: currentVersion)
        }
        return state
    }
}

extension TemplateMiner {
    /// A snapshot of the whole state.
    public func state() -> MinerState {
        MinerState(version: MinerState.currentVersion, config: config, templates: snapshot().map(Self.stored))
    }

    /// The stored form of one template (index `id - 1` of `MinerState.templates`).
    public func storedTemplate(_ id: TemplateID) -> MinerState.StoredTemplate {
        Self.stored(snapshot()[id.rawValue - 1])
    }

    private static func stored(_ c: Cluster) -> MinerState.StoredTemplate {
        .init(
            tokenCount: c.leafKey.tokenCount, first: c.leafKey.first, hashes: c.hashes,
            variable: c.isVariable, tokens: c.tokens, separators: c.separators, count: c.count,
            mergedInto: c.mergedInto.map { $0 + 1 }, root: c.root.map { $0 + 1 },
            siblings: c.siblings.map { $0 + 1 }, values: c.values)
    }

    /// A miner that continues exactly where the one that wrote `state` stopped.
    public convenience init(state: MinerState) throws {
        try self.init(config: state.config)
        let tokenizer = try MessageTokenizer(config: state.config)
        var restored: [Cluster] = []
        restored.reserveCapacity(state.templates.count)
        for (i, stored) in state.templates.enumerated() {
            var t = stored
            let n = t.tokens.count
            if t.hashes.isEmpty && n > 0 { t.hashes = try tokenizer.hashes(of: t.message, expecting: n, template: i + 1) }
            guard t.hashes.count == n, t.variable.count == n, t.separators.count == n + 1, Int(t.tokenCount) == n else {
                throw LogMiningError.corruptState(reason: "template \(i + 1) has inconsistent token arrays")
            }
            if let m = t.mergedInto, m < 1 || m >= i + 1 {
                throw LogMiningError.corruptState(reason: "template \(i + 1) merged into id \(m), which is not an older template")
            }
            let c = Cluster(
                id: i, leafKey: LeafKey(tokenCount: t.tokenCount, first: t.first), hashes: t.hashes,
                isVariable: t.variable, tokens: t.tokens, separators: t.separators, count: t.count)
            c.mergedInto = t.mergedInto.map { $0 - 1 }
            guard (t.root.map { [$0] } ?? [] + t.siblings).allSatisfy({ $0 >= 1 && $0 <= state.templates.count }) else {
                throw LogMiningError.corruptState(reason: "template \(i + 1) names an unknown related template")
            }
            c.root = t.root.map { $0 - 1 }
            c.siblings = t.siblings.map { $0 - 1 }
            c.values = t.values
            restored.append(c)
        }
        restore(restored)
    }
}
