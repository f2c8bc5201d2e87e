import Foundation
import LogMining
import PatternStore

/// What the diff, the gate, the listings and the finding cache read. Each read is one
/// repeatable-read transaction, so a snapshot's tables agree with each other while indexers write.
/// Rows are folded by `SnapshotBuilder`, as the SQLite store's are.
extension PostgresStore: DeploymentStore {
    public func deployments(service: String?) throws -> [DeploymentInfo] {
        try session.transaction(.repeatableReadOnly) { tx in
            let filter = service == nil ? "" : "WHERE s.name = $1"
            let rows = try tx.rows(
                """
                SELECT d.id, s.name, d.name, d.commit_id, d.source, d.indexed_at, d.first_ts, d.last_ts, d.records, d.lines, d.bytes
                FROM deployment d JOIN service s ON s.id = d.service_id \(filter) ORDER BY d.id
                """, service.map { [.text($0)] } ?? [])
            let reviews = try Self.latestReviews(tx)
            var skipped: [Int64: [String: Int]] = [:]
            let ids = try rows.map { try $0.int(0) }
            for r in try tx.rows("SELECT deployment_id, reason, count FROM deployment_skip WHERE deployment_id = ANY($1)", [.ints(ids)]) {
                skipped[try r.int(0), default: [:]][try r.string(1)] = Int(try r.int(2))
            }
            return try rows.map { r in
                DeploymentInfo(
                    id: try r.int(0), service: try r.string(1), name: try r.string(2), commit: try r.optionalString(3), source: try r.optionalString(4),
                    indexedAt: try r.string(5), firstTimestamp: try r.optionalInt(6), lastTimestamp: try r.optionalInt(7), records: Int(try r.int(8)),
                    lines: Int(try r.int(9)), bytes: Int(try r.int(10)), skipped: skipped[try r.int(0)] ?? [:], review: reviews[try r.int(0)])
            }
        }
    }

    public func snapshot(_ deployment: DeploymentInfo) throws -> DeploymentSnapshot {
        try session.transaction(.repeatableReadOnly) { tx in
            var out = try Self.templateCounts(tx, deployment: deployment.id)
            let id: [Bind] = [.int(deployment.id)]
            for r in try tx.rows("SELECT template_id, minute, count FROM template_minute WHERE deployment_id = $1", id) {
                out.addMinute(template: Int(try r.int(0)), minute: try r.int(1), count: Int(try r.int(2)))
            }
            for r in try tx.rows("SELECT template_id, text FROM sample WHERE deployment_id = $1 ORDER BY template_id, priority", id) {
                out.addSample(template: Int(try r.int(0)), text: try r.string(1))
            }
            for r in try tx.rows("SELECT template_id, position, value, count FROM value_count WHERE deployment_id = $1", id) {
                out.addValue(template: Int(try r.int(0)), position: Int(try r.int(1)), value: try r.string(2), count: Int(try r.int(3)))
            }
            return out.snapshot(deployment)
        }
    }

    public func templateStats(deployment: DeploymentInfo) throws -> [TemplateStat] {
        try session.transaction(.repeatableReadOnly) { tx in try Self.templateCounts(tx, deployment: deployment.id).stats }
    }

    /// The service's template texts and aliases, and the deployment's count rows.
    static func templateCounts(_ tx: PostgresSession.Transaction, deployment: Int64) throws -> SnapshotBuilder {
        var texts: [Int: String] = [:]
        var aliases: [Int: Int] = [:]
        for r in try tx.rows(
            "SELECT t.id, t.text, t.merged_into FROM template t JOIN deployment d ON d.service_id = t.service_id WHERE d.id = $1", [.int(deployment)])
        {
            let id = Int(try r.int(0))
            texts[id] = try r.string(1)
            if let m = try r.optionalInt(2) { aliases[id] = Int(m) }
        }
        var out = SnapshotBuilder(texts: texts, aliases: aliases)
        let rows = try tx.rows(
            "SELECT template_id, count, first_ts, last_ts, \(levelColumns.joined(separator: ", ")) FROM template_count WHERE deployment_id = $1",
            [.int(deployment)])
        for r in rows {
            out.addCount(
                template: Int(try r.int(0)), count: Int(try r.int(1)), levels: try levelColumns.indices.map { Int(try r.int(4 + $0)) },
                first: try r.optionalInt(2), last: try r.optionalInt(3))
        }
        return out
    }

    public func acknowledgements(service: String) throws -> [Int: String] {
        try session.transaction(.repeatableReadOnly) { tx in
            var out: [Int: String] = [:]
            for r in try tx.rows(
                "SELECT a.template_id, a.reason FROM acknowledgement a JOIN service s ON s.id = a.service_id WHERE s.name = $1", [.text(service)])
            {
                out[Int(try r.int(0))] = try r.string(1)
            }
            return out
        }
    }

    public func acknowledge(service: String, templateID: Int, reason: String) throws {
        try session.transaction { tx in
            guard let sid = try tx.rows("SELECT id FROM service WHERE name = $1", [.text(service)]).first?.int(0) else {
                throw PatternStoreError.deploymentNotFound(service: service, name: "(any)")
            }
            guard try !tx.rows("SELECT 1 FROM template WHERE service_id = $1 AND id = $2", [.int(sid), .int(templateID)]).isEmpty else {
                throw PatternStoreError.unknownTemplate(service: service, id: templateID)
            }
            try tx.rows(
                """
                INSERT INTO acknowledgement(service_id, template_id, reason, created_at) VALUES ($1, $2, $3, $4)
                ON CONFLICT(service_id, template_id) DO UPDATE SET reason = excluded.reason, created_at = excluded.created_at
                """, [.int(sid), .int(templateID), .text(reason), .text(Self.now())])
        }
    }

    public func cachedFinding(key: String) throws -> String? {
        try session.transaction(.repeatableReadOnly) { tx in
            try tx.rows("SELECT finding FROM finding_cache WHERE key = $1", [.text(key)]).first?.string(0)
        }
    }

    public func cacheFinding(key: String, json: String) throws {
        try session.transaction { tx in
            try tx.rows(
                "INSERT INTO finding_cache(key, finding, created_at) VALUES ($1, $2, $3) ON CONFLICT(key) DO UPDATE SET finding = excluded.finding",
                [.text(key), .text(json), .text(Self.now())])
        }
    }
}
