import GRDB

/// The pattern store: per-deployment template history in SQLite (on GRDB).
///
/// This target is being built (issue "The pattern store and `deploydiff index`"); so far it only
/// reports the SQLite it runs on, which proves the GRDB-over-system-SQLite link.
public enum PatternStore {
    /// The version of the SQLite library GRDB is linked against.
    public static func sqliteVersion() throws -> String {
        let db = try DatabaseQueue()
        return try db.read { try String.fetchOne($0, sql: "SELECT sqlite_version()") ?? "" }
    }
}
