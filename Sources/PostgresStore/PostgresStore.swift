import Foundation
import LogMining
import PatternStore

/// The store in a PostgreSQL database, for many indexers and CI jobs on many machines at once.
/// The same tables, migrations and answers as the SQLite store (`PatternStore`): the ingestion
/// code and the commands never know which one they use.
///
/// Every write is one transaction, as with SQLite: a batch's counts, the miner state it produced
/// and the source offset it reached land together or not at all, so a killed indexer (or a server
/// that restarted under it) leaves nothing half-written and its re-run resumes where the last
/// committed batch ended. Counts are written as deltas (`count = count + excluded.count`), so
/// concurrent writers never lose one; transactions that fail on a serialization failure or a
/// deadlock are retried (`PostgresSession.transaction`).
public final class PostgresStore: @unchecked Sendable {
    public let url: PostgresURL
    private let password: String?
    let session: PostgresSession
    public var location: String { url.description }
    /// Whether the login may write: reading commands open the store for reading, and the
    /// finding cache is written only when allowed.
    public private(set) var isWritable = true

    /// Connects and brings the schema up to date. `.read`: the store must exist (a database
    /// nothing was indexed into is an error, as a missing SQLite file is).
    public init(url: PostgresURL, password: String?, access: PatternStore.Access = .create) throws {
        self.url = url
        self.password = password
        session = try PostgresSession(url: url, password: password)
        try migrate(access)
    }

    /// A second connection to the same server (for a lock held while the first one works).
    func connect() throws -> PostgresSession { try PostgresSession(url: url, password: password) }

    private func migrate(_ access: PatternStore.Access) throws {
        let known = PostgresSchema.migrations.map(\.identifier)
        let applied = try appliedMigrations()
        if access == .read, applied.isEmpty, try !hasMigrationTable() {
            throw PatternStoreError.noStore(path: location)
        }
        try check(applied, known)
        guard Set(applied) != Set(known) else { return }
        try session.transaction { tx in
            // One process migrates at a time; the others wait here and find it done.
            try tx.rows("SELECT pg_advisory_xact_lock($1)", [.int(Self.lockKey("schema"))])
            try tx.rows("CREATE TABLE IF NOT EXISTS \(PostgresSchema.table) (identifier TEXT PRIMARY KEY, position BIGINT NOT NULL, applied_at TEXT NOT NULL)")
            let done = Set(try tx.rows("SELECT identifier FROM \(PostgresSchema.table)").map { try $0.string(0) })
            try check(Array(done), known)
            for (i, m) in PostgresSchema.migrations.enumerated() where !done.contains(m.identifier) {
                for statement in m.sql.components(separatedBy: ";\n") where !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    try tx.rows(statement)
                }
                try tx.rows(
                    "INSERT INTO \(PostgresSchema.table)(identifier, position, applied_at) VALUES ($1, $2, $3)",
                    [.text(m.identifier), .int(i), .text(Self.now())])
            }
        }
    }

    private func check(_ applied: [String], _ known: [String]) throws {
        let unknown = Set(applied).subtracting(known)
        guard unknown.isEmpty else { throw PatternStoreError.newerSchema(path: location, unknownMigrations: unknown.sorted()) }
    }

    private func hasMigrationTable() throws -> Bool {
        try session.transaction { tx in
            try tx.rows("SELECT to_regclass($1) IS NOT NULL", [.text(PostgresSchema.table)])[0][0].decode(Bool.self)
        }
    }

    /// Names of the migrations applied to this store, in the order they were applied.
    public func appliedMigrations() throws -> [String] {
        try session.transaction { tx in
            guard try tx.rows("SELECT to_regclass($1) IS NOT NULL", [.text(PostgresSchema.table)])[0][0].decode(Bool.self) else { return [] }
            return try tx.rows("SELECT identifier FROM \(PostgresSchema.table) ORDER BY position").map { try $0.string(0) }
        }
    }

    /// An advisory lock key: the first 63 bits of a stable hash, in deploydiff's own space.
    static func lockKey(_ name: String) -> Int64 {
        Int64(bitPattern: StableHash.fnv1a(("deploydiff:" + name).utf8) >> 1)
    }

    static func now() -> String { ISO8601DateFormatter().string(from: Date()) }

    /// The level count columns, in `LogLevel.allCases` order.
    static let levelColumns: [String] = LogLevel.allCases.map { l in
        switch l {
        case .unknown: "n_unknown"
        case .trace: "n_trace"
        case .debug: "n_debug"
        case .info: "n_info"
        case .notice: "n_notice"
        case .warning: "n_warning"
        case .error: "n_error"
        case .fatal: "n_fatal"
        }
    }
}
