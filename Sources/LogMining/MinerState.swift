import Foundation

/// The miner's whole state, serialisable. Restoring it gives a miner that assigns the same ids to
/// the same input as the miner it was taken from: the store keeps one per service so template
/// ids stay stable across runs and deployments.
public struct MinerState: Codable, Sendable, Equatable {
    public static let currentVersion = 1

    public struct StoredTemplate: Codable, Sendable, Equatable {
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
        MinerState(
            version: MinerState.currentVersion, config: config,
            templates: snapshot().map {
                .init(
                    tokenCount: $0.leafKey.tokenCount, first: $0.leafKey.first, hashes: $0.hashes,
                    variable: $0.isVariable, tokens: $0.tokens, separators: $0.separators, count: $0.count,
                    mergedInto: $0.mergedInto.map { $0 + 1 }, root: $0.root.map { $0 + 1 },
                    siblings: $0.siblings.map { $0 + 1 }, values: $0.values)
            })
    }

    /// A miner that continues exactly where the one that wrote `state` stopped.
    public convenience init(state: MinerState) throws {
        try self.init(config: state.config)
        var restored: [Cluster] = []
        restored.reserveCapacity(state.templates.count)
        for (i, t) in state.templates.enumerated() {
            let n = t.hashes.count
            guard t.variable.count == n, t.tokens.count == n, t.separators.count == n + 1 else {
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
