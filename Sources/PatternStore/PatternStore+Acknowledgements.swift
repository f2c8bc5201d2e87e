import GRDB

extension PatternStore {
    /// Marks a template's changes as expected: diffs show them as acknowledged, gates never fail on them.
    public func acknowledge(service: String, templateID: Int, reason: String) throws {
        try PatternStoreError.wrap(path) {
            try pool.write { db in
                guard let sid = try Int64.fetchOne(db, sql: "SELECT id FROM service WHERE name = ?", arguments: [service]) else {
                    throw PatternStoreError.deploymentNotFound(service: service, name: "(any)")
                }
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM template WHERE service_id = ? AND id = ?", arguments: [sid, templateID]) == true else {
                    throw PatternStoreError.unknownTemplate(service: service, id: templateID)
                }
                try db.execute(
                    sql: """
                        INSERT INTO acknowledgement(service_id, template_id, reason, created_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT(service_id, template_id) DO UPDATE SET reason = excluded.reason, created_at = excluded.created_at
                        """, arguments: [sid, templateID, reason, Self.now()])
            }
        }
    }

    /// Acknowledged template ids of a service, with their reasons.
    public func acknowledgements(service: String) throws -> [Int: String] {
        try PatternStoreError.wrap(path) {
            try pool.read { db in
                var out: [Int: String] = [:]
                for r in try Row.fetchAll(
                    db, sql: "SELECT a.template_id, a.reason FROM acknowledgement a JOIN service s ON s.id = a.service_id WHERE s.name = ?",
                    arguments: [service])
                {
                    out[r["template_id"]] = r["reason"]
                }
                return out
            }
        }
    }
}
