import Foundation
import GRDB
import LogMining

#if canImport(Glibc)
import Glibc
#endif

/// Per-deployment template history in one SQLite file (WAL mode), on GRDB.
///
/// Every write is one transaction: a batch's counts, the miner state it produced and the source
/// offset it reached land together or not at all, so a killed indexer leaves nothing half-written
/// and its re-run resumes exactly where the last batch ended.
public final class PatternStore: @unchecked Sendable {
    public let path: String
    public var location: String { path }
    let pool: DatabasePool

    /// How a command uses the store.
    public enum Access: Sendable {
        /// Create it when missing (private to its owner), migrate it: commands that write.
        case create
        /// It must exist; migrated when writable, read as it is when not (a read-only copy,
        /// another user's file): commands that only read. A missing store is an error, not a new file.
        case read
    }

    /// Whether this process can write the store (false for a store opened read-only).
    public let isWritable: Bool

    /// Opens the store at `path` and brings its schema up to date when it can write it.
    /// `busyTimeout` is how long a writer waits for another process's transaction.
    public init(path: String, busyTimeout: TimeInterval = 60, access: Access = .create) throws {
        self.path = path
        let exists = FileManager.default.fileExists(atPath: path)
        switch access {
        case .read where !exists: throw PatternStoreError.noStore(path: path)
        case .create where !exists: try Self.createPrivately(path)
        default: break
        }
        isWritable = Self.writable(path)
        if access == .create, !isWritable {
            throw PatternStoreError.unwritable(path: path, reason: "it is read-only here (the file or its folder)")
        }
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        if isWritable {
            config.journalMode = .wal
        } else {
            config.readonly = true
        }
        let location = isWritable || Self.folderWritable(path) ? path : Self.immutableURI(path)
        pool = try Self.retryingWhileBusy(path, timeout: busyTimeout) { try DatabasePool(path: location, configuration: config) }
        try Self.retryingWhileBusy(path, timeout: busyTimeout) { try migrate() }
    }

    /// The store holds raw log lines (samples): it is created readable by its owner only, and
    /// SQLite gives its -wal and -shm files the same mode.
    private static func createPrivately(_ path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty, !FileManager.default.fileExists(atPath: dir) {
            do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) } catch {
                throw PatternStoreError.unwritable(path: path, reason: "cannot create its folder: \(error.localizedDescription)")
            }
        }
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw PatternStoreError.unwritable(path: path, reason: String(cString: strerror(errno))) }
        Glibc.close(fd)
    }

    /// Whether SQLite can write the store: the file, and its folder for the -wal and -shm files.
    private static func writable(_ path: String) -> Bool { access(path, W_OK) == 0 && folderWritable(path) }

    private static func folderWritable(_ path: String) -> Bool {
        let dir = (path as NSString).deletingLastPathComponent
        return access(dir.isEmpty ? "." : dir, W_OK) == 0
    }

    /// A store in a folder this process cannot write (a read-only mount, another user's folder):
    /// SQLite cannot create the shared-memory file WAL readers need, so the file is read as
    /// immutable. Nobody can be writing it there either, without the same -shm file.
    private static func immutableURI(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let allowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "?#%"))
        return "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute) + "?immutable=1"
    }

    /// Moves everything the write-ahead log holds into the main file and empties the log, so a
    /// copy of the main file alone is complete. Called when a writer finishes; skipped quietly
    /// when a reader holds the log (its copy guarantee then waits for the next writer).
    public func checkpoint() {
        guard isWritable else { return }
        _ = try? pool.writeWithoutTransaction { try $0.checkpoint(.truncate) }
    }

    /// Opening a pool switches the file to WAL, which SQLite does not wait for with the busy
    /// timeout: while another process writes, it fails at once with SQLITE_BUSY. Retry until the
    /// timeout instead, so two indexers started together both run.
    private static func retryingWhileBusy<T>(_ path: String, timeout: TimeInterval, _ body: () throws -> T) throws -> T {
        let deadline = Date().addingTimeInterval(timeout)
        var delay: UInt32 = 10_000
        while true {
            do { return try PatternStoreError.wrap(path) { try body() } } catch PatternStoreError.sqlite(_, let code, _, _)
                where (code & 0xff == 5 || code & 0xff == 6) && Date() < deadline
            {
                usleep(delay)
                delay = min(delay * 2, 200_000)
            }
        }
    }

    private func migrate() throws {
        let migrator = Schema.migrator
        try {
            let known = Set(migrator.migrations)
            let applied = try pool.read { db in
                try db.tableExists("grdb_migrations") ? try migrator.appliedIdentifiers(db) : []
            }
            let unknown = applied.subtracting(known)
            guard unknown.isEmpty else { throw PatternStoreError.newerSchema(path: path, unknownMigrations: unknown.sorted()) }
            // Up to date: no lock to take.
            guard applied != known else { return }
            guard isWritable else {
                throw PatternStoreError.olderSchema(path: path, missingMigrations: known.subtracting(applied).sorted())
            }
            let lock = try FileLock.schema(storePath: path)
            defer { withExtendedLifetime(lock) {} }
            try migrator.migrate(pool)
        }()
    }

    /// Names of the migrations applied to this store, in order.
    public func appliedMigrations() throws -> [String] {
        try PatternStoreError.wrap(path) { try pool.read { try Schema.migrator.completedMigrations($0) } }
    }

    // MARK: Services and deployments

    /// The service named `name`, created with `config` when new. An existing service keeps the
    /// configuration its templates were mined with.
    public func service(named name: String, config: MinerConfig) throws -> ServiceInfo {
        try PatternStoreError.wrap(path) {
            try pool.write { db in
                if let row = try Row.fetchOne(db, sql: "SELECT id, miner_config FROM service WHERE name = ?", arguments: [name]) {
                    let stored = try JSONDecoder().decode(MinerConfig.self, from: Data((row["miner_config"] as String).utf8))
                    return ServiceInfo(id: row["id"], name: name, config: stored)
                }
                let json = String(decoding: try JSONEncoder().encode(config), as: UTF8.self)
                try db.execute(
                    sql: "INSERT INTO service(name, miner_config, created_at) VALUES (?, ?, ?)",
                    arguments: [name, json, Self.now()])
                return ServiceInfo(id: db.lastInsertedRowID, name: name, config: config)
            }
        }
    }

    /// A miner that continues from the service's stored state.
    public func loadMiner(_ service: ServiceInfo) throws -> TemplateMiner {
        let rows = try PatternStoreError.wrap(path) {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT id, state FROM template WHERE service_id = ? ORDER BY id", arguments: [service.id])
            }
        }
        var templates: [MinerState.StoredTemplate] = []
        for (i, row) in rows.enumerated() {
            let id: Int = row["id"]
            guard id == i + 1 else {
                throw PatternStoreError.corruptTemplate(service: service.name, id: i + 1, reason: "missing from the store")
            }
            do { templates.append(try MinerState.StoredTemplate(compact: row["state"])) } catch {
                throw PatternStoreError.corruptTemplate(service: service.name, id: id, reason: "\(error)")
            }
        }
        return try TemplateMiner(state: MinerState(version: MinerState.currentVersion, config: service.config, templates: templates))
    }

    /// The deployment, created when new. A known commit or source fills in what was unknown.
    public func deployment(service: ServiceInfo, name: String, commit: String?, source: String?) throws -> DeploymentInfo {
        try PatternStoreError.wrap(path) {
            try pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO deployment(service_id, name, commit_id, source, indexed_at) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT(service_id, name) DO UPDATE SET
                          commit_id = coalesce(excluded.commit_id, commit_id), source = coalesce(excluded.source, source)
                        """, arguments: [service.id, name, commit, source, Self.now()])
                return try Self.deployments(db, where: "d.service_id = ? AND d.name = ?", [service.id, name])[0]
            }
        }
    }

    /// Deployments, of one service or all, oldest first.
    public func deployments(service: String? = nil) throws -> [DeploymentInfo] {
        try PatternStoreError.wrap(path) {
            try pool.read { db in
                if let service { return try Self.deployments(db, where: "s.name = ?", [service]) }
                return try Self.deployments(db, where: "1", [])
            }
        }
    }

    private static func deployments(_ db: Database, where clause: String, _ args: StatementArguments) throws -> [DeploymentInfo] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT d.*, s.name AS service_name FROM deployment d JOIN service s ON s.id = d.service_id
                WHERE \(clause) ORDER BY d.id
                """, arguments: args)
        let reviews = try latestReviews(db)
        return try rows.map { r in
            var skipped: [String: Int] = [:]
            for s in try Row.fetchAll(db, sql: "SELECT reason, count FROM deployment_skip WHERE deployment_id = ?", arguments: [r["id"]]) {
                skipped[s["reason"]] = s["count"]
            }
            return DeploymentInfo(
                id: r["id"], service: r["service_name"], name: r["name"], commit: r["commit_id"], source: r["source"],
                indexedAt: r["indexed_at"], firstTimestamp: r["first_ts"], lastTimestamp: r["last_ts"], records: r["records"],
                lines: r["lines"], bytes: r["bytes"], skipped: skipped, review: reviews[r["id"]])
        }
    }

    /// The deployment's id, if it exists.
    public func deploymentID(service: ServiceInfo, name: String) throws -> Int64? {
        try PatternStoreError.wrap(path) {
            try pool.read { db in
                try Int64.fetchOne(db, sql: "SELECT id FROM deployment WHERE service_id = ? AND name = ?", arguments: [service.id, name])
            }
        }
    }

    /// The sources indexed into the deployment and how far each was read.
    public func sources(deployment: Int64) throws -> [SourceProgress] {
        try PatternStoreError.wrap(path) {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM source WHERE deployment_id = ? ORDER BY key", arguments: [deployment]).map {
                    SourceProgress(
                        key: $0["key"], path: $0["path"], size: $0["size"], device: $0["device"], inode: $0["inode"], mtime: $0["mtime"],
                        headHash: $0["head_hash"], offset: $0["offset"], lines: $0["lines"])
                }
            }
        }
    }

    // MARK: Templates

    /// Templates of a deployment with their numbers, most frequent first. Ids merged into
    /// another are counted under the id they now stand for.
    public func templateStats(deployment: DeploymentInfo) throws -> [TemplateStat] {
        try PatternStoreError.wrap(path) { try pool.read { db in try Self.templateCounts(db, deployment: deployment.id).stats } }
    }

    /// A deployment's per-template counts, levels and first/last seen, with merged ids folded into
    /// the id they now stand for. The rest of a snapshot (minutes, samples, values) is left empty.
    static func templateCounts(_ db: Database, deployment: Int64) throws -> SnapshotBuilder {
        let serviceID = try Int64.fetchOne(db, sql: "SELECT service_id FROM deployment WHERE id = ?", arguments: [deployment])!
        var texts: [Int: String] = [:]
        var aliases: [Int: Int] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT id, text, merged_into FROM template WHERE service_id = ?", arguments: [serviceID]) {
            texts[r["id"]] = r["text"]
            if let m: Int = r["merged_into"] { aliases[r["id"]] = m }
        }
        var out = SnapshotBuilder(texts: texts, aliases: aliases)
        let levelColumns = LogLevel.allCases.map { "n_\(column($0))" }
        let rows = try Row.fetchAll(
            db, sql: "SELECT template_id, count, first_ts, last_ts, \(levelColumns.joined(separator: ", ")) FROM template_count WHERE deployment_id = ?",
            arguments: [deployment])
        for r in rows {
            out.addCount(template: r["template_id"], count: r["count"], levels: levelColumns.map { r[$0] }, first: r["first_ts"], last: r["last_ts"])
        }
        return out
    }

    static func column(_ l: LogLevel) -> String {
        switch l {
        case .unknown: "unknown"
        case .trace: "trace"
        case .debug: "debug"
        case .info: "info"
        case .notice: "notice"
        case .warning: "warning"
        case .error: "error"
        case .fatal: "fatal"
        }
    }

    static func now() -> String { ISO8601DateFormatter().string(from: Date()) }
}
