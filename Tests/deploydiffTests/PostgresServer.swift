import Foundation
import Testing

/// The throwaway PostgreSQL server of `make test` (scripts/with-postgres.sh): its URL from
/// DEPLOYDIFF_TEST_POSTGRES_URL, its password in the pgpass file PGPASSFILE names. Each test makes
/// its own database. Under CI (CI=true) the server must be there: the tests run and fail without
/// it, never skip.
enum PostgresServer {
    static var url: String? {
        ProcessInfo.processInfo.environment["DEPLOYDIFF_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Run the PostgreSQL tests: a server is given, or CI demands them.
    static var enabled: Bool { url != nil || ProcessInfo.processInfo.environment["CI"] == "true" }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "DEPLOYDIFF_TEST_POSTGRES_URL is not set: run the tests through scripts/with-postgres.sh (make test does)" }
    }

    struct PSQLFailed: Error, CustomStringConvertible {
        let description: String
    }

    /// A new, empty database on the server; its URL.
    static func freshDatabase(_ label: String) throws -> String {
        guard let url else { throw Missing() }
        let name = "t_" + label.lowercased().filter { $0.isLetter || $0.isNumber } + "_" + UUID().uuidString.prefix(8).lowercased()
        try psql(url, "CREATE DATABASE \(name)")
        return replacingDatabase(url, with: name)
    }

    /// The server's URL with another database name.
    static func replacingDatabase(_ url: String, with name: String) -> String {
        var c = URLComponents(string: url)!
        c.path = "/" + name
        return c.string!
    }

    /// The URL's port (the server's).
    static var port: Int { URLComponents(string: url ?? "")?.port ?? 0 }

    /// Runs SQL with psql (the client Debian's postgresql package brings), as the test role.
    @discardableResult
    static func psql(_ url: String, _ sql: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        p.arguments = [url, "-v", "ON_ERROR_STOP=1", "-qAtc", sql]
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw PSQLFailed(description: "psql: " + String(decoding: e, as: UTF8.self)) }
        return String(decoding: o, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
