import GRDB

extension PatternStore {
    /// A finding written before for the same input (the diff and the routing), so re-running
    /// `explain` costs no model call.
    public func cachedFinding(key: String) throws -> String? {
        try PatternStoreError.wrap(path) {
            try pool.read { try String.fetchOne($0, sql: "SELECT finding FROM finding_cache WHERE key = ?", arguments: [key]) }
        }
    }

    public func cacheFinding(key: String, json: String) throws {
        try PatternStoreError.wrap(path) {
            try pool.write { db in
                try db.execute(
                    sql: "INSERT INTO finding_cache(key, finding, created_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET finding = excluded.finding",
                    arguments: [key, json, Self.now()])
            }
        }
    }
}
