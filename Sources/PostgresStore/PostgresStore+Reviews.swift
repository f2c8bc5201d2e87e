import LogMining
import PostgresNIO
import PatternStore

/// What diffs and gates concluded, as the SQLite store keeps it (`PatternStore+Reviews`).
extension PostgresStore {
    public func record(_ r: ReviewRecord) throws {
        guard isWritable else { return }
        try session.transaction { tx in
            let pair: [Bind] = [.int(r.candidateID), .int(r.baselineID)]
            try tx.rows("DELETE FROM review WHERE candidate_id = $1 AND baseline_id = $2", pair)
            let id = try tx.rows(
                "INSERT INTO review(candidate_id, baseline_id, verdict, gate, top, recorded_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                pair + [.text(r.verdict), .text(r.gate), .text(r.top), .text(Self.now())])[0].int(0)
            for c in r.changes {
                try tx.rows(
                    """
                    INSERT INTO review_change(review_id, change_id, kind, template_id, level, classification, count_a, count_b,
                      commit_id, commit_subject, commit_author, statement, exception, frames, detail, fixed_template)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
                    ON CONFLICT (review_id, change_id) DO UPDATE SET kind = excluded.kind, template_id = excluded.template_id,
                      level = excluded.level, classification = excluded.classification, count_a = excluded.count_a, count_b = excluded.count_b,
                      commit_id = excluded.commit_id, commit_subject = excluded.commit_subject, commit_author = excluded.commit_author,
                      statement = excluded.statement, exception = excluded.exception, frames = excluded.frames, detail = excluded.detail,
                      fixed_template = excluded.fixed_template
                    """,
                    [
                        .int(id), .text(c.change), .text(c.kind), .int(c.templateID), .text(c.level.description), .text(c.classification),
                        .int(c.countA), .int(c.countB), .text(c.commit), .text(c.commitSubject), .text(c.commitAuthor), .text(c.statement),
                        .text(c.exception), .text(c.frames.joined(separator: "\n")), .text(c.detail), .int(c.fixedTemplate),
                    ])
            }
        }
    }

    public func reviews(service: String) throws -> [StoredReview] {
        try session.transaction(.repeatableReadOnly) { tx in
            let rows = try tx.rows(
                """
                SELECT r.id, c.name, r.candidate_id, b.name, r.baseline_id, r.verdict, r.gate, r.top, r.recorded_at FROM review r
                JOIN deployment c ON c.id = r.candidate_id JOIN deployment b ON b.id = r.baseline_id
                JOIN service s ON s.id = c.service_id WHERE s.name = $1 ORDER BY r.id
                """, [.text(service)])
            return try rows.map { r in
                let changes = try tx.rows(
                    """
                    SELECT change_id, kind, template_id, level, classification, count_a, count_b, commit_id, commit_subject, commit_author,
                      statement, exception, frames, detail, fixed_template
                    FROM review_change WHERE review_id = $1 ORDER BY change_id COLLATE "C"
                    """, [.int(try r.int(0))]
                ).map(Self.change)
                return StoredReview(
                    candidate: try r.string(1), candidateID: try r.int(2), baseline: try r.string(3), baselineID: try r.int(4), verdict: try r.string(5),
                    gate: try r.optionalString(6), top: try r.optionalString(7), recordedAt: try r.string(8), changes: changes)
            }
        }
    }

    private static func change(_ r: PostgresRow) throws -> ReviewedChange {
        let frames = try r.string(12)
        return ReviewedChange(
            change: try r.string(0), kind: try r.string(1), templateID: Int(try r.int(2)), level: LogLevel(try r.string(3)),
            classification: try r.optionalString(4), countA: Int(try r.int(5)), countB: Int(try r.int(6)), commit: try r.optionalString(7),
            commitSubject: try r.optionalString(8), commitAuthor: try r.optionalString(9), statement: try r.optionalString(10),
            exception: try r.optionalString(11), frames: frames.isEmpty ? [] : frames.split(separator: "\n").map(String.init),
            detail: try r.optionalString(13), fixedTemplate: try r.optionalInt(14).map { Int($0) })
    }

    /// The latest review of each deployment, by deployment id.
    static func latestReviews(_ tx: PostgresSession.Transaction) throws -> [Int64: DeploymentReview] {
        var kinds: [Int64: [String: Int]] = [:]
        for k in try tx.rows("SELECT review_id, kind, count(*) FROM review_change WHERE kind != 'rare-absent' GROUP BY review_id, kind") {
            kinds[try k.int(0), default: [:]][try k.string(1)] = Int(try k.int(2))
        }
        var out: [Int64: DeploymentReview] = [:]
        for r in try tx.rows(
            "SELECT r.id, r.candidate_id, b.name, r.verdict, r.gate, r.top FROM review r JOIN deployment b ON b.id = r.baseline_id ORDER BY r.id")
        {
            out[try r.int(1)] = DeploymentReview(
                baseline: try r.string(2), verdict: try r.string(3), gate: try r.optionalString(4), changes: kinds[try r.int(0)] ?? [:],
                top: try r.optionalString(5))
        }
        return out
    }
}
