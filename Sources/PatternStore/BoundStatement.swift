import GRDB
import GRDBSQLite

/// A prepared statement bound and stepped through SQLite's C API, for the commit path: it runs a
/// few statements hundreds of thousands of times per index run, and GRDB's `StatementArguments`
/// (arrays of existentials, checked per call) cost more than SQLite's own work there
/// (perf on bench/index_speed.py). Used only inside a GRDB write transaction, on its connection;
/// errors are GRDB's `DatabaseError` with the code and the SQL, as everywhere else.
struct BoundStatement {
    private let statement: Statement
    private let handle: OpaquePointer
    private let connection: OpaquePointer?

    init(_ db: Database, _ sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        handle = statement.sqliteStatement
        connection = db.sqliteConnection
    }

    /// SQLite copies the bytes before the call returns.
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    @inline(__always)
    func bind(_ i: Int32, _ v: Int64) { sqlite3_bind_int64(handle, i, v) }

    @inline(__always)
    func bind(_ i: Int32, _ v: Int) { sqlite3_bind_int64(handle, i, Int64(v)) }

    @inline(__always)
    func bind(_ i: Int32, _ v: Int64?) {
        if let v { sqlite3_bind_int64(handle, i, v) } else { sqlite3_bind_null(handle, i) }
    }

    @inline(__always)
    func bind(_ i: Int32, _ v: Int?) { bind(i, v.map(Int64.init)) }

    func bind(_ i: Int32, _ v: String) {
        var s = v
        _ = s.withUTF8 { b in
            // An empty buffer may have no address, which SQLite would store as NULL.
            if let p = b.baseAddress {
                p.withMemoryRebound(to: CChar.self, capacity: b.count) { sqlite3_bind_text(handle, i, $0, Int32(b.count), Self.transient) }
            } else {
                sqlite3_bind_text(handle, i, "", 0, Self.transient)
            }
        }
    }

    /// Runs the statement with the values bound since the last run.
    func run() throws {
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE || code == SQLITE_ROW else {
            let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }
}
