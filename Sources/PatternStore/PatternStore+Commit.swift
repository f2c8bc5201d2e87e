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
        let states = batch.templates.map { ($0.0, $0.1, $0.1.compactEncoded()) }
        try writeTotals(db, batch)
        try writeTemplates(db, batch, states)
        for (id, a) in batch.aggregates {
            try writeCounts(db, batch.deploymentID, id, a)
            try writeSamples(db, batch.deploymentID, id, a)
        }
        try writeValues(db, batch.deploymentID, batch.values)
        if let p = batch.progress { try writeProgress(db, batch.deploymentID, p) }
    }

    private static func writeTotals(_ db: Database, _ b: IndexBatch) throws {
        try db.cachedStatement(
            sql: """
                UPDATE deployment SET records = records + ?, lines = lines + ?, bytes = bytes + ?,
                  first_ts = CASE WHEN ? IS NULL THEN first_ts ELSE min(coalesce(first_ts, ?), ?) END,
                  last_ts = CASE WHEN ? IS NULL THEN last_ts ELSE max(coalesce(last_ts, ?), ?) END,
                  indexed_at = ? WHERE id = ?
                """
        ).execute(arguments: [
            b.records, b.lines, b.bytes, b.firstTimestamp, b.firstTimestamp, b.firstTimestamp, b.lastTimestamp, b.lastTimestamp,
            b.lastTimestamp, now(), b.deploymentID,
        ])
        for (reason, n) in b.skipped.counts.sorted(by: { $0.key < $1.key }) {
            try db.cachedStatement(
                sql: """
                    INSERT INTO deployment_skip(deployment_id, reason, count) VALUES (?, ?, ?)
                    ON CONFLICT(deployment_id, reason) DO UPDATE SET count = count + excluded.count
                    """
            ).execute(arguments: [b.deploymentID, reason.rawValue, n])
        }
    }

    private static func writeTemplates(_ db: Database, _ b: IndexBatch, _ states: [(TemplateID, MinerState.StoredTemplate, String)]) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO template(service_id, id, text, token_count, first_deployment_id, merged_into, state)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(service_id, id) DO UPDATE SET text = excluded.text, token_count = excluded.token_count,
                  merged_into = excluded.merged_into, state = excluded.state
                """)
        for (id, t, json) in states {
            try statement.execute(arguments: [
                b.serviceID, id.rawValue, t.text, t.tokens.count, b.deploymentID, t.mergedInto, json,
            ])
        }
    }

    private static func writeCounts(_ db: Database, _ deployment: Int64, _ id: Int, _ a: IndexBatch.Aggregate) throws {
        let cols = LogLevel.allCases.map { "n_\(column($0))" }
        try db.cachedStatement(
            sql: """
                INSERT INTO template_count(deployment_id, template_id, count, first_ts, last_ts, \(cols.joined(separator: ", ")))
                VALUES (?, ?, ?, ?, ?, \(cols.map { _ in "?" }.joined(separator: ", ")))
                ON CONFLICT(deployment_id, template_id) DO UPDATE SET count = count + excluded.count,
                  first_ts = min(coalesce(first_ts, excluded.first_ts), coalesce(excluded.first_ts, first_ts)),
                  last_ts = max(coalesce(last_ts, excluded.last_ts), coalesce(excluded.last_ts, last_ts)),
                  \(cols.map { "\($0) = \($0) + excluded.\($0)" }.joined(separator: ", "))
                """
        ).execute(arguments: StatementArguments([deployment, id, a.count, a.firstTimestamp, a.lastTimestamp] as [(any DatabaseValueConvertible)?]) + StatementArguments(a.levels))
        let minute = try db.cachedStatement(
            sql: """
                INSERT INTO template_minute(deployment_id, template_id, minute, count) VALUES (?, ?, ?, ?)
                ON CONFLICT(deployment_id, template_id, minute) DO UPDATE SET count = count + excluded.count
                """)
        for (m, n) in a.minutes.sorted(by: { $0.key < $1.key }) { try minute.execute(arguments: [deployment, id, m, n]) }
    }

    private static func writeSamples(_ db: Database, _ deployment: Int64, _ id: Int, _ a: IndexBatch.Aggregate) throws {
        guard !a.samples.isEmpty else { return }
        let insert = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO sample(deployment_id, template_id, priority, source, line, text) VALUES (?, ?, ?, ?, ?, ?)")
        for s in a.samples { try insert.execute(arguments: [deployment, id, s.priority, s.source, s.line, s.text]) }
        try db.cachedStatement(
            sql: """
                DELETE FROM sample WHERE deployment_id = ? AND template_id = ? AND priority NOT IN
                  (SELECT priority FROM sample WHERE deployment_id = ? AND template_id = ? ORDER BY priority LIMIT ?)
                """
        ).execute(arguments: [deployment, id, deployment, id, IndexBatch.sampleLimit])
    }

    /// Replaces the rows of each touched position by the run's current rows (see `ValueTable`).
    private static func writeValues(_ db: Database, _ deployment: Int64, _ values: [(template: Int, position: Int, rows: [(String, Int)])]) throws {
        let delete = try db.cachedStatement(sql: "DELETE FROM value_count WHERE deployment_id = ? AND template_id = ? AND position = ?")
        let insert = try db.cachedStatement(
            sql: "INSERT INTO value_count(deployment_id, template_id, position, value, count) VALUES (?, ?, ?, ?, ?)")
        for v in values {
            try delete.execute(arguments: [deployment, v.template, v.position])
            for (text, n) in v.rows { try insert.execute(arguments: [deployment, v.template, v.position, text, n]) }
        }
    }

    /// Loads a deployment's sample priorities, to continue it.
    func loadSamplePriorities(deployment: Int64, into floor: SampleFloor) throws {
        try PatternStoreError.wrap(path) {
            try pool.read { db in
                let rows = try Row.fetchCursor(db, sql: "SELECT template_id, priority FROM sample WHERE deployment_id = ?", arguments: [deployment])
                while let r = try rows.next() { floor.load(r["template_id"], r["priority"]) }
            }
        }
    }

    /// Loads a deployment's value rows, to continue it.
    func loadValues(deployment: Int64, into table: ValueTable) throws {
        try PatternStoreError.wrap(path) {
            try pool.read { db in
                let rows = try Row.fetchCursor(
                    db, sql: "SELECT template_id, position, value, count FROM value_count WHERE deployment_id = ? ORDER BY template_id, position, count DESC, value",
                    arguments: [deployment])
                while let r = try rows.next() {
                    table.load(template: r["template_id"], position: r["position"], value: r["value"], count: r["count"])
                }
            }
        }
        table.clearDirty()
    }

    private static func writeProgress(_ db: Database, _ deployment: Int64, _ p: SourceProgress) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO source(deployment_id, path, size, inode, mtime, head_hash, offset, lines) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(deployment_id, path) DO UPDATE SET size = excluded.size, inode = excluded.inode, mtime = excluded.mtime,
                  head_hash = excluded.head_hash, offset = excluded.offset, lines = excluded.lines
                """
        ).execute(arguments: [deployment, p.path, p.size, p.inode, p.mtime, p.headHash, p.offset, p.lines])
    }
}
