import Foundation
import Findings
import PatternDiff
import PatternStore

/// The one place that decides about cached findings: the key (the diff and the routing, so that a
/// re-run of the same input costs no model call), when a cached finding is used, and what is kept.
struct FindingCache {
    let store: any DeploymentStore
    let key: String

    init(store: any DeploymentStore, diff: DeployDiff, routing: Routing) {
        self.store = store
        key = Self.key(diff: diff, routing: routing)
    }

    /// FNV-1a over the sorted-key JSON of the diff and the routing, versioned by the finding schema.
    static func key(diff: DeployDiff, routing: Routing) -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in [(try? e.encode(diff)) ?? Data(), (try? e.encode(routing)) ?? Data()] {
            for b in part { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        }
        return "finding-v\(Finding.schemaVersion)-" + String(h, radix: 16)
    }

    /// The finding written before for this key, noted as cached; nil when none or unreadable.
    func lookup() throws -> Finding? {
        guard let cached = try store.cachedFinding(key: key), var f = try? JSONDecoder().decode(Finding.self, from: Data(cached.utf8)) else {
            return nil
        }
        f.routing.notes.append("from the cache: same diff and routing as before, no model called")
        return f
    }

    /// Keeps a model's finding (the deterministic reader's costs nothing to redo) when the store is writable.
    func keep(_ finding: Finding) throws {
        guard finding.routing.tier != .deterministic, store.isWritable, let json = try? JSONEncoder().encode(finding) else { return }
        try store.cacheFinding(key: key, json: String(decoding: json, as: UTF8.self))
    }
}
