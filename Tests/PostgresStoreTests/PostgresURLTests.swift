import Foundation
import Testing

@testable import PostgresStore

struct PostgresURLTests {
    @Test func aURLNamesUserHostPortDatabaseAndTLS() throws {
        let u = try PostgresURL(parsing: "postgres://ci@db.internal:6543/history?sslmode=verify-full")
        #expect(u.user == "ci" && u.host == "db.internal" && u.port == 6543 && u.database == "history" && u.sslMode == .verifyFull)
        #expect(u.description == "postgres://ci@db.internal:6543/history?sslmode=verify-full")
        let d = try PostgresURL(parsing: "postgresql://ci@localhost")
        #expect(d.port == 5432 && d.database == "ci" && d.sslMode == .prefer, "libpq's defaults")
    }

    @Test func aPasswordInTheURLIsRefusedAndNeverShown() {
        #expect {
            try PostgresURL(parsing: "postgres://ci:hunter2@db/history")
        } throws: { e in
            let text = "\(e)"
            return text.contains("carries a password") && !text.contains("hunter2") && text.contains("postgres://ci:***@db/history")
        }
    }

    @Test(arguments: [
        "postgres://db/history", "postgres://ci@/history", "postgres://ci@db/history?sslmode=maybe", "postgres://ci@db/history?user=x",
    ])
    func badURLsSayWhatIsWrong(_ text: String) {
        #expect(throws: PostgresStoreError.self) { try PostgresURL(parsing: text) }
    }

    @Test func thePasswordComesFromTheVariableElseTheFirstMatchingPgpassLine() throws {
        let url = try PostgresURL(parsing: "postgres://ci@db:5432/history")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pgpass-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("pgpass").path
        try """
            # comment
            other:5432:*:ci:wrong
            db:5432:history:someone:wrong
            db:*:*:ci:p\\:ss\\\\word
            *:*:*:*:fallback
            """.write(toFile: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        #expect(try PostgresPassword.resolve(for: url, variable: nil, passfile: file) == "p:ss\\word")
        #expect(try PostgresPassword.resolve(for: url, variable: "from-env", passfile: file) == "from-env")
        #expect(try PostgresPassword.resolve(for: url, variable: nil, passfile: dir.appendingPathComponent("none").path) == nil)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        #expect(throws: PostgresStoreError.passfileTooOpen(path: file)) { try PostgresPassword.resolve(for: url, variable: nil, passfile: file) }
    }
}
