import GRDB
import LogMining

/// One change a review found, as kept in the store: enough to show a template's history and to
/// recognise a fixed bug coming back (its trace, and the commit or statement that fixed it).
public struct ReviewedChange: Codable, Sendable, Equatable {
    public var change: String
    public var kind: String
    public var templateID: Int
    public var level: LogLevel
    public var classification: String?
    public var countA: Int
    public var countB: Int
    /// The commit the change was linked to (its statement's, else the top suspect).
    public var commit: String?
    public var commitSubject: String?
    public var commitAuthor: String?
    /// `file:line text` of the linked statement.
    public var statement: String?
    /// The exception type of the samples' stack trace, and its frames normalised
    /// (`TraceFingerprint`), innermost last.
    public var exception: String?
    public var frames: [String]
    /// The change's detail line (a recurrence's "vanished in ... back in ...").
    public var detail: String?
    /// For a recurrence: the template whose fix did not hold.
    public var fixedTemplate: Int?

    public init(
        change: String, kind: String, templateID: Int, level: LogLevel, classification: String?, countA: Int, countB: Int, commit: String?,
        commitSubject: String?, commitAuthor: String?, statement: String?, exception: String?, frames: [String], detail: String? = nil,
        fixedTemplate: Int? = nil
    ) {
        self.detail = detail
        self.fixedTemplate = fixedTemplate
        self.change = change
        self.kind = kind
        self.templateID = templateID
        self.level = level
        self.classification = classification
        self.countA = countA
        self.countB = countB
        self.commit = commit
        self.commitSubject = commitSubject
        self.commitAuthor = commitAuthor
        self.statement = statement
        self.exception = exception
        self.frames = frames
    }
}

/// What a diff or gate concluded about a candidate deployment against a baseline.
public struct ReviewRecord: Sendable, Equatable {
    public var candidateID: Int64
    public var baselineID: Int64
    /// The finding's verdict (`regression`, `intended-change`, ...).
    public var verdict: String
    /// The gate's decision, when a gate ran.
    public var gate: String?
    /// The change that matters most (`new T15`).
    public var top: String?
    public var changes: [ReviewedChange]

    public init(candidateID: Int64, baselineID: Int64, verdict: String, gate: String?, top: String?, changes: [ReviewedChange]) {
        self.candidateID = candidateID
        self.baselineID = baselineID
        self.verdict = verdict
        self.gate = gate
        self.top = top
        self.changes = changes
    }
}

/// A recorded review, read back with its deployments' names.
public struct StoredReview: Sendable, Equatable {
    public init(
        candidate: String, candidateID: Int64, baseline: String, baselineID: Int64, verdict: String, gate: String?, top: String?, recordedAt: String,
        changes: [ReviewedChange]
    ) {
        self.candidate = candidate
        self.candidateID = candidateID
        self.baseline = baseline
        self.baselineID = baselineID
        self.verdict = verdict
        self.gate = gate
        self.top = top
        self.recordedAt = recordedAt
        self.changes = changes
    }

    public var candidate: String
    public var candidateID: Int64
    public var baseline: String
    public var baselineID: Int64
    public var verdict: String
    public var gate: String?
    public var top: String?
    public var recordedAt: String
    public var changes: [ReviewedChange]
}

/// The latest review of a deployment, as `deploys` shows it.
public struct DeploymentReview: Codable, Sendable, Equatable {
    public init(baseline: String, verdict: String, gate: String?, changes: [String: Int], top: String?) {
        self.baseline = baseline
        self.verdict = verdict
        self.gate = gate
        self.changes = changes
        self.top = top
    }

    public var baseline: String
    public var verdict: String
    public var gate: String?
    /// Changes by kind (rare absences left out).
    public var changes: [String: Int]
    public var top: String?
}

extension PatternStore {
    /// Keeps a review, replacing an earlier one of the same two deployments, in one transaction.
    /// A store this process cannot write is left as it is (reading commands stay read-only there).
    public func record(_ r: ReviewRecord) throws {
        guard isWritable else { return }
        try PatternStoreError.wrap(path) {
            try pool.write { db in
                try db.execute(sql: "DELETE FROM review_change WHERE review_id IN (SELECT id FROM review WHERE candidate_id = ? AND baseline_id = ?)",
                    arguments: [r.candidateID, r.baselineID])
                try db.execute(sql: "DELETE FROM review WHERE candidate_id = ? AND baseline_id = ?", arguments: [r.candidateID, r.baselineID])
                try db.execute(
                    sql: "INSERT INTO review(candidate_id, baseline_id, verdict, gate, top, recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [r.candidateID, r.baselineID, r.verdict, r.gate, r.top, Self.now()])
                let id = db.lastInsertedRowID
                for c in r.changes {
                    try db.execute(
                        sql: """
                            INSERT OR REPLACE INTO review_change(review_id, change_id, kind, template_id, level, classification, count_a, count_b,
                              commit_id, commit_subject, commit_author, statement, exception, frames, detail, fixed_template)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            id, c.change, c.kind, c.templateID, c.level.description, c.classification, c.countA, c.countB, c.commit, c.commitSubject,
                            c.commitAuthor, c.statement, c.exception, c.frames.joined(separator: "\n"), c.detail, c.fixedTemplate,
                        ])
                }
            }
        }
    }

    /// The service's reviews, oldest recorded first.
    public func reviews(service: String) throws -> [StoredReview] {
        try PatternStoreError.wrap(path) {
            try pool.read { db in
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT r.*, c.name AS candidate, b.name AS baseline FROM review r
                        JOIN deployment c ON c.id = r.candidate_id JOIN deployment b ON b.id = r.baseline_id
                        JOIN service s ON s.id = c.service_id WHERE s.name = ? ORDER BY r.id
                        """, arguments: [service])
                return try rows.map { r in
                    let changes = try Row.fetchAll(db, sql: "SELECT * FROM review_change WHERE review_id = ? ORDER BY change_id", arguments: [r["id"]]).map(Self.change)
                    return StoredReview(
                        candidate: r["candidate"], candidateID: r["candidate_id"], baseline: r["baseline"], baselineID: r["baseline_id"],
                        verdict: r["verdict"], gate: r["gate"], top: r["top"], recordedAt: r["recorded_at"], changes: changes)
                }
            }
        }
    }

    private static func change(_ r: Row) -> ReviewedChange {
        let frames: String = r["frames"]
        return ReviewedChange(
            change: r["change_id"], kind: r["kind"], templateID: r["template_id"], level: LogLevel(r["level"] as String), classification: r["classification"],
            countA: r["count_a"], countB: r["count_b"], commit: r["commit_id"], commitSubject: r["commit_subject"], commitAuthor: r["commit_author"],
            statement: r["statement"], exception: r["exception"], frames: frames.isEmpty ? [] : frames.split(separator: "\n").map(String.init),
            detail: r["detail"], fixedTemplate: r["fixed_template"])
    }

    /// The latest review of each deployment, by deployment id.
    static func latestReviews(_ db: Database) throws -> [Int64: DeploymentReview] {
        var out: [Int64: DeploymentReview] = [:]
        let rows = try Row.fetchAll(
            db, sql: "SELECT r.*, b.name AS baseline FROM review r JOIN deployment b ON b.id = r.baseline_id ORDER BY r.id")
        for r in rows {
            var kinds: [String: Int] = [:]
            for k in try Row.fetchAll(
                db, sql: "SELECT kind, count(*) AS n FROM review_change WHERE review_id = ? AND kind != 'rare-absent' GROUP BY kind", arguments: [r["id"]])
            {
                kinds[k["kind"]] = k["n"]
            }
            out[r["candidate_id"]] = DeploymentReview(baseline: r["baseline"], verdict: r["verdict"], gate: r["gate"], changes: kinds, top: r["top"])
        }
        return out
    }
}
