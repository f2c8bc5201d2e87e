import Foundation
import LogMining
import PatternStore

extension PostgresStore {
    /// Writes batches (one per deployment) in one transaction, as the SQLite store does: deployment
    /// totals, skipped counts, changed templates, per-template counts, minutes, samples and values,
    /// and the source offset reached. Rows of many keys go in one statement each (`unnest` of
    /// arrays), sorted by key so that concurrent writers lock rows in the same order.
    public func commit(_ batches: [IndexBatch]) throws {
        let batches = batches.filter { !$0.isEmpty }
        guard !batches.isEmpty else { return }
        // The deployments a commit creates are published only once it committed: a retried
        // transaction starts from what the batches knew before.
        let created = try session.transaction { tx in
            try batches.map { try Self.write(tx, $0) }
        }
        for (batch, id) in zip(batches, created) where batch.deployment.id == nil { batch.deployment.id = id }
    }

    private static func write(_ tx: PostgresSession.Transaction, _ batch: IndexBatch) throws -> Int64? {
        let deployment = try resolve(tx, batch.deployment, create: batch.records > 0)
        try writeTemplates(tx, batch, deployment)
        // No records and no deployment yet: nothing of this deployment to store.
        guard let deployment else { return nil }
        try writeTotals(tx, batch, deployment)
        try writeAggregates(tx, batch, deployment)
        try writeValues(tx, deployment, batch.values)
        if let p = batch.progress { try writeProgress(tx, deployment, p) }
        return deployment
    }

    /// The deployment's id, creating the row when `create` and it is missing (in the commit's
    /// transaction, so a deployment exists only with the records that made it).
    private static func resolve(_ tx: PostgresSession.Transaction, _ ref: DeploymentRef, create: Bool) throws -> Int64? {
        let key: [Bind] = [.int(ref.serviceID), .text(ref.name)]
        if ref.id == nil, !create {
            return try tx.rows("SELECT id FROM deployment WHERE service_id = $1 AND name = $2", key).first?.int(0)
        }
        try tx.rows(
            "UPDATE deployment SET commit_id = coalesce($3, commit_id), source = coalesce($4, source) WHERE service_id = $1 AND name = $2",
            key + [.text(ref.commit), .text(ref.source)])
        try tx.rows(
            """
            INSERT INTO deployment(service_id, name, commit_id, source, indexed_at) SELECT $1, $2, $3, $4, $5
            WHERE NOT EXISTS (SELECT 1 FROM deployment WHERE service_id = $1 AND name = $2) ON CONFLICT (service_id, name) DO NOTHING
            """, key + [.text(ref.commit), .text(ref.source), .text(now())])
        return try tx.rows("SELECT id FROM deployment WHERE service_id = $1 AND name = $2", key).first?.int(0)
    }

    private static func writeTotals(_ tx: PostgresSession.Transaction, _ b: IndexBatch, _ deployment: Int64) throws {
        // least/greatest ignore NULLs: a batch without timestamps leaves them as they are.
        try tx.rows(
            """
            UPDATE deployment SET records = records + $1, lines = lines + $2, bytes = bytes + $3,
              first_ts = least(first_ts, $4), last_ts = greatest(last_ts, $5), indexed_at = $6 WHERE id = $7
            """,
            [.int(b.records), .int(b.lines), .int(b.bytes), .int(b.firstTimestamp), .int(b.lastTimestamp), .text(now()), .int(deployment)])
        let skipped = b.skipped.counts.sorted { $0.key.rawValue < $1.key.rawValue }
        guard !skipped.isEmpty else { return }
        try tx.rows(
            """
            INSERT INTO deployment_skip(deployment_id, reason, count) SELECT $1, r, n FROM unnest($2::text[], $3::bigint[]) AS u(r, n)
            ON CONFLICT (deployment_id, reason) DO UPDATE SET count = deployment_skip.count + excluded.count
            """, [.int(deployment), .texts(skipped.map(\.key.rawValue)), .ints(skipped.map { Int64($0.value) })])
    }

    private static func writeTemplates(_ tx: PostgresSession.Transaction, _ b: IndexBatch, _ deployment: Int64?) throws {
        guard !b.templates.isEmpty else { return }
        let t = b.templates.sorted { $0.0.rawValue < $1.0.rawValue }
        // merged_into: -1 stands for NULL in the array (arrays of nullable numbers are not bound here).
        try tx.rows(
            """
            INSERT INTO template(service_id, id, text, token_count, first_deployment_id, merged_into, state)
            SELECT $1, i, x, n, $2, nullif(m, -1), s FROM unnest($3::bigint[], $4::text[], $5::bigint[], $6::bigint[], $7::text[]) AS u(i, x, n, m, s)
            ON CONFLICT (service_id, id) DO UPDATE SET text = excluded.text, token_count = excluded.token_count,
              merged_into = excluded.merged_into, state = excluded.state
            """,
            [
                .int(b.serviceID), .int(deployment), .ints(t.map { Int64($0.0.rawValue) }), .texts(t.map { $0.1.text }),
                .ints(t.map { Int64($0.1.tokens.count) }), .ints(t.map { Int64($0.1.mergedInto ?? -1) }), .texts(t.map { $0.1.compactEncoded() }),
            ])
    }

    /// Per-template counts (one row each), minutes and samples, then the samples pushed out.
    private static func writeAggregates(_ tx: PostgresSession.Transaction, _ b: IndexBatch, _ deployment: Int64) throws {
        let aggregates = b.aggregates.sorted { $0.0 < $1.0 }
        let levels = levelColumns
        for (id, a) in aggregates {
            try tx.rows(
                """
                INSERT INTO template_count(deployment_id, template_id, count, first_ts, last_ts, \(levels.joined(separator: ", ")))
                VALUES ($1, $2, $3, $4, $5, \(levels.indices.map { "$\($0 + 6)" }.joined(separator: ", ")))
                ON CONFLICT (deployment_id, template_id) DO UPDATE SET count = template_count.count + excluded.count,
                  first_ts = least(template_count.first_ts, excluded.first_ts), last_ts = greatest(template_count.last_ts, excluded.last_ts),
                  \(levels.map { "\($0) = template_count.\($0) + excluded.\($0)" }.joined(separator: ", "))
                """,
                [.int(deployment), .int(id), .int(a.count), .int(a.firstTimestamp), .int(a.lastTimestamp)] + a.levels.map { .int($0) })
        }
        var minutes: (t: [Int64], m: [Int64], n: [Int64]) = ([], [], [])
        var samples: (t: [Int64], p: [Int64], s: [String], l: [Int64], x: [String]) = ([], [], [], [], [])
        for (id, a) in aggregates {
            for (m, n) in a.minutes.sorted(by: { $0.key < $1.key }) {
                minutes.t.append(Int64(id))
                minutes.m.append(m)
                minutes.n.append(Int64(n))
            }
            for s in a.samples {
                samples.t.append(Int64(id))
                samples.p.append(s.priority)
                samples.s.append(s.source)
                samples.l.append(Int64(s.line))
                samples.x.append(s.text)
            }
        }
        if !minutes.t.isEmpty {
            try tx.rows(
                """
                INSERT INTO template_minute(deployment_id, template_id, minute, count)
                SELECT $1, t, m, n FROM unnest($2::bigint[], $3::bigint[], $4::bigint[]) AS u(t, m, n)
                ON CONFLICT (deployment_id, template_id, minute) DO UPDATE SET count = template_minute.count + excluded.count
                """, [.int(deployment), .ints(minutes.t), .ints(minutes.m), .ints(minutes.n)])
        }
        if !samples.t.isEmpty {
            try tx.rows(
                """
                INSERT INTO sample(deployment_id, template_id, priority, source, line, text)
                SELECT $1, t, p, s, l, x FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::bigint[], $6::text[]) AS u(t, p, s, l, x)
                ON CONFLICT DO NOTHING
                """, [.int(deployment), .ints(samples.t), .ints(samples.p), .texts(samples.s), .ints(samples.l), .texts(samples.x)])
        }
        // After the inserts, so a sample that entered and left within the batch is gone too.
        let evicted = b.evictedSamples
        if !evicted.isEmpty {
            try tx.rows(
                """
                DELETE FROM sample USING unnest($2::bigint[], $3::bigint[]) AS u(t, p)
                WHERE deployment_id = $1 AND template_id = u.t AND priority = u.p
                """, [.int(deployment), .ints(evicted.map { Int64($0.template) }), .ints(evicted.map(\.priority))])
        }
    }

    /// Replaces the rows of each touched position by the run's current rows (see `ValueTable`).
    private static func writeValues(
        _ tx: PostgresSession.Transaction, _ deployment: Int64, _ values: [(template: Int, position: Int, rows: [(String, Int)])]
    ) throws {
        guard !values.isEmpty else { return }
        try tx.rows(
            """
            DELETE FROM value_count USING unnest($2::bigint[], $3::bigint[]) AS u(t, p)
            WHERE deployment_id = $1 AND template_id = u.t AND position = u.p
            """, [.int(deployment), .ints(values.map { Int64($0.template) }), .ints(values.map { Int64($0.position) })])
        var rows: (t: [Int64], p: [Int64], v: [String], n: [Int64]) = ([], [], [], [])
        for v in values {
            for (text, n) in v.rows {
                rows.t.append(Int64(v.template))
                rows.p.append(Int64(v.position))
                rows.v.append(text)
                rows.n.append(Int64(n))
            }
        }
        guard !rows.t.isEmpty else { return }
        try tx.rows(
            """
            INSERT INTO value_count(deployment_id, template_id, position, value, count)
            SELECT $1, t, p, v, n FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::bigint[]) AS u(t, p, v, n)
            """, [.int(deployment), .ints(rows.t), .ints(rows.p), .texts(rows.v), .ints(rows.n)])
    }

    private static func writeProgress(_ tx: PostgresSession.Transaction, _ deployment: Int64, _ p: SourceProgress) throws {
        try tx.rows(
            """
            INSERT INTO source(deployment_id, key, path, size, device, inode, mtime, head_hash, "offset", lines)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (deployment_id, key) DO UPDATE SET path = excluded.path, size = excluded.size, device = excluded.device,
              inode = excluded.inode, mtime = excluded.mtime, head_hash = excluded.head_hash, "offset" = excluded."offset",
              lines = excluded.lines
            """,
            [
                .int(deployment), .text(p.key), .text(p.path), .int(p.size), .int(p.device), .int(p.inode), .int(p.mtime), .text(p.headHash),
                .int(p.offset), .int(p.lines),
            ])
    }
}
