import GRDB

/// Errors of the pattern store. Each says what to do.
public enum PatternStoreError: Error, CustomStringConvertible {
    /// SQLite failed; carries its result code, message and the SQL that failed.
    case sqlite(path: String, code: Int32, message: String, sql: String?)
    /// The store was written by a newer deploydiff whose migrations this build does not know.
    case newerSchema(path: String, unknownMigrations: [String])
    case deploymentNotFound(service: String, name: String)
    case unreadable(path: String, reason: String)
    case corruptTemplate(service: String, id: Int, reason: String)
    case unknownTemplate(service: String, id: Int)
    /// A reading command found no store at the path.
    case noStore(path: String)
    case unwritable(path: String, reason: String)
    /// A read-only store whose schema predates this build: it cannot be upgraded in place.
    case olderSchema(path: String, missingMigrations: [String])

    public var description: String {
        switch self {
        case .sqlite(let path, let code, let message, let sql):
            "\(path): SQLite error \(code): \(message)" + (sql.map { " (in: \($0))" } ?? "")
                + "; if the store is damaged, move it away and re-index"
        case .newerSchema(let path, let unknown):
            "\(path) was written by a newer deploydiff (schema migrations \(unknown.joined(separator: ", ")) are unknown to this build); upgrade deploydiff to use this store"
        case .deploymentNotFound(let service, let name):
            "no deployment '\(name)' for service '\(service)' in the store; list what is indexed, or index it first"
        case .unreadable(let path, let reason):
            "\(path): cannot read: \(reason); check that the file exists and is readable"
        case .unknownTemplate(let service, let id):
            "service '\(service)' has no template T\(id); list a deployment's templates to find the id"
        case .noStore(let path):
            "no store at \(path): nothing has been indexed there yet; index a deployment first, or point at the store that holds it"
        case .unwritable(let path, let reason):
            "\(path): cannot write the store: \(reason); write to a store in a writable location (reading commands can still read this one)"
        case .olderSchema(let path, let missing):
            "\(path) is read-only and was written by an older deploydiff (migrations \(missing.joined(separator: ", ")) not applied); open it once where it is writable to upgrade it"
        case .corruptTemplate(let service, let id, let reason):
            "template \(id) of service '\(service)' is corrupt in the store: \(reason); re-index the service into a new store"
        }
    }

    /// Wraps GRDB's errors so the message carries the store's path, the SQLite code and the SQL.
    static func wrap<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as DatabaseError {
            throw PatternStoreError.sqlite(path: path, code: e.extendedResultCode.rawValue, message: e.message ?? "\(e)", sql: e.sql)
        }
    }
}
