import Foundation
import GRDB
import LogMining

extension PatternStore {
    /// Writes batches (one per deployment) in one transaction: deployment totals, skipped counts, changed templates,
    /// per-template counts, minutes, samples and values, and the source offset reached.
    public func commit(_ batches: [IndexBatch]) throws {
        let batches = batches.filter { !$0.isEmpty }
        guard !batches.isEmpty else { return }
        try PatternStoreError.wrap(path) {
            try pool.write { db in
                for batch in batches { try Self.write(db, batch) }
            }
        }
    }

    private static func write(_ db: Database, _ batch: IndexBatch) throws {
        let deployment = try resolve(db, batch.deployment, create: batch.records > 0)
        try writeTemplates(db, batch, deployment)
        // No records and no deployment yet: nothing of this deployment to store.
        guard let deployment else { return }
        try writeTotals(db, batch, deployment)
        let rows = try AggregateStatements(db)
        for (id, a) in batch.aggregates { try rows.write(deployment, id, a) }
        try rows.evict(deployment, batch.evictedSamples)
        try writeValues(db, deployment, batch.values)
        if let p = batch.progress { try writeProgress(db, deployment, p) }
    }

    /// The deployment's id, creating the row when `create` and it is missing. Runs inside the
    /// commit's transaction, so a deployment exists only with the records that made it.
    private static func resolve(_ db: Database, _ ref: DeploymentRef, create: Bool) throws -> Int64? {
        if ref.id == nil, !create {
            ref.id = try Int64.fetchOne(
                db, sql: "SELECT id FROM deployment WHERE service_id = ? AND name = ?", arguments: [ref.serviceID, ref.name])
            return ref.id
        }
        try db.execute(
            sql: """
                INSERT INTO deployment(service_id, name, commit_id, source, indexed_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(service_id, name) DO UPDATE SET
                  commit_id = coalesce(excluded.commit_id, commit_id), source = coalesce(excluded.source, source)
                """, arguments: [ref.serviceID, ref.name, ref.commit, ref.source, now()])
        ref.id = try Int64.fetchOne(db, sql: "SELECT id FROM deployment WHERE service_id = ? AND name = ?", arguments: [ref.serviceID, ref.name])
        return ref.id
    }

    private static func writeTotals(_ db: Database, _ b: IndexBatch, _ deployment: Int64) throws {
        try db.cachedStatement(
            sql: """
                UPDATE deployment SET records = records + ?, lines = lines + ?, bytes = bytes + ?,
                  first_ts = CASE WHEN ? IS NULL THEN first_ts ELSE min(coalesce(first_ts, ?), ?) END,
                  last_ts = CASE WHEN ? IS NULL THEN last_ts ELSE max(coalesce(last_ts, ?), ?) END,
                  indexed_at = ? WHERE id = ?
                """
        ).execute(arguments: [
            b.records, b.lines, b.bytes, b.firstTimestamp, b.firstTimestamp, b.firstTimestamp, b.lastTimestamp, b.lastTimestamp,
            b.lastTimestamp, now(), deployment,
        ])
        for (reason, n) in b.skipped.counts.sorted(by: { $0.key < $1.key }) {
            try db.cachedStatement(
                sql: """
                    INSERT INTO deployment_skip(deployment_id, reason, count) VALUES (?, ?, ?)
                    ON CONFLICT(deployment_id, reason) DO UPDATE SET count = count + excluded.count
                    """
            ).execute(arguments: [deployment, reason.rawValue, n])
        }
    }

    private static func writeTemplates(_ db: Database, _ b: IndexBatch, _ deployment: Int64?) throws {
        guard !b.templates.isEmpty else { return }
        let upsert = try BoundStatement(
            db,
            """
            INSERT INTO template(service_id, id, text, token_count, first_deployment_id, merged_into, state)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(service_id, id) DO UPDATE SET text = excluded.text, token_count = excluded.token_count,
              merged_into = excluded.merged_into, state = excluded.state
            """)
        for (id, t) in b.templates {
            upsert.bind(1, b.serviceID)
            upsert.bind(2, id.rawValue)
            upsert.bind(3, t.text)
            upsert.bind(4, t.tokens.count)
            upsert.bind(5, deployment)
            upsert.bind(6, t.mergedInto)
            upsert.bind(7, t.compactEncoded())
            try upsert.run()
        }
    }

    /// The per-template statements of one commit: counts, minutes, samples.
    private struct AggregateStatements {
        static let levelColumns = LogLevel.allCases.map { "n_\(PatternStore.column($0))" }
        static let countSQL = """
            INSERT INTO template_count(deployment_id, template_id, count, first_ts, last_ts, \(levelColumns.joined(separator: ", ")))
            VALUES (?, ?, ?, ?, ?, \(levelColumns.map { _ in "?" }.joined(separator: ", ")))
            ON CONFLICT(deployment_id, template_id) DO UPDATE SET count = count + excluded.count,
              first_ts = min(coalesce(first_ts, excluded.first_ts), coalesce(excluded.first_ts, first_ts)),
              last_ts = max(coalesce(last_ts, excluded.last_ts), coalesce(excluded.last_ts, last_ts)),
              \(levelColumns.map { "\($0) = \($0) + excluded.\($0)" }.joined(separator: ", "))
            """
        let count: BoundStatement
        let minute: BoundStatement
        let sample: BoundStatement
        let drop: BoundStatement

        init(_ db: Database) throws {
            count = try BoundStatement(db, Self.countSQL)
            minute = try BoundStatement(
                db,
                """
                INSERT INTO template_minute(deployment_id, template_id, minute, count) VALUES (?, ?, ?, ?)
                ON CONFLICT(deployment_id, template_id, minute) DO UPDATE SET count = count + excluded.count
                """)
            sample = try BoundStatement(
                db, "INSERT OR IGNORE INTO sample(deployment_id, template_id, priority, source, line, text) VALUES (?, ?, ?, ?, ?, ?)")
            drop = try BoundStatement(db, "DELETE FROM sample WHERE deployment_id = ? AND template_id = ? AND priority = ?")
        }

        func write(_ deployment: Int64, _ id: Int, _ a: IndexBatch.Aggregate) throws {
            count.bind(1, deployment)
            count.bind(2, id)
            count.bind(3, a.count)
            count.bind(4, a.firstTimestamp)
            count.bind(5, a.lastTimestamp)
            for i in 0..<LogLevel.allCases.count { count.bind(Int32(6 + i), a.levelCounts[i]) }
            try count.run()
            for (m, n) in a.minutes.sorted(by: { $0.key < $1.key }) {
                minute.bind(1, deployment)
                minute.bind(2, id)
                minute.bind(3, m)
                minute.bind(4, n)
                try minute.run()
            }
            for s in a.samples {
                sample.bind(1, deployment)
                sample.bind(2, id)
                sample.bind(3, s.priority)
                sample.bind(4, s.source)
                sample.bind(5, s.line)
                sample.bind(6, s.text)
                try sample.run()
            }
        }

        /// Samples that left a template's lowest priorities (see `SampleFloor`): after the inserts,
        /// so one that entered and left within the batch is gone too.
        func evict(_ deployment: Int64, _ evicted: [(template: Int, priority: Int64)]) throws {
            for e in evicted {
                drop.bind(1, deployment)
                drop.bind(2, e.template)
                drop.bind(3, e.priority)
                try drop.run()
            }
        }
    }

    /// Replaces the rows of each touched position by the run's current rows (see `ValueTable`).
    private static func writeValues(_ db: Database, _ deployment: Int64, _ values: [(template: Int, position: Int, rows: [(String, Int)])]) throws {
        guard !values.isEmpty else { return }
        let delete = try BoundStatement(db, "DELETE FROM value_count WHERE deployment_id = ? AND template_id = ? AND position = ?")
        let insert = try BoundStatement(db, "INSERT INTO value_count(deployment_id, template_id, position, value, count) VALUES (?, ?, ?, ?, ?)")
        for v in values {
            delete.bind(1, deployment)
            delete.bind(2, v.template)
            delete.bind(3, v.position)
            try delete.run()
            for (text, n) in v.rows {
                insert.bind(1, deployment)
                insert.bind(2, v.template)
                insert.bind(3, v.position)
                insert.bind(4, text)
                insert.bind(5, n)
                try insert.run()
            }
        }
    }

    /// Loads a deployment's sample priorities, to continue it.
    public func loadSamplePriorities(deployment: Int64, into floor: SampleFloor) throws {
        try PatternStoreError.wrap(path) {
            try pool.read { db in
                let rows = try Row.fetchCursor(db, sql: "SELECT template_id, priority FROM sample WHERE deployment_id = ?", arguments: [deployment])
                while let r = try rows.next() { floor.load(r["template_id"], r["priority"]) }
            }
        }
    }

    /// A deployment's value rows, to continue its value tables.
    public func valueRows(deployment: Int64) throws -> [ValueRow] {
        try PatternStoreError.wrap(path) {
            try pool.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT template_id, position, value, count FROM value_count WHERE deployment_id = ? ORDER BY template_id, position, count DESC, value",
                    arguments: [deployment]
                ).map { ValueRow(template: $0["template_id"], position: $0["position"], value: $0["value"], count: $0["count"]) }
            }
        }
    }

    private static func writeProgress(_ db: Database, _ deployment: Int64, _ p: SourceProgress) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO source(deployment_id, key, path, size, device, inode, mtime, head_hash, offset, lines)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(deployment_id, key) DO UPDATE SET path = excluded.path, size = excluded.size, device = excluded.device,
                  inode = excluded.inode, mtime = excluded.mtime, head_hash = excluded.head_hash, offset = excluded.offset,
                  lines = excluded.lines
                """
        ).execute(arguments: [deployment, p.key, p.path, p.size, p.device, p.inode, p.mtime, p.headHash, p.offset, p.lines])
    }
}
