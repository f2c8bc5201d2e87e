import Foundation
import PatternStore
import Testing

/// The PostgreSQL store against a real server (scripts/with-postgres.sh): every command gives the
/// same JSON as on SQLite, the schema is versioned and refused like SQLite's, and connection
/// problems give errors that name the URL and never the password. Serialized: one test restarts
/// the server (PostgresRecoveryTests.swift).
@Suite(.serialized, .enabled(if: PostgresServer.enabled, "no PostgreSQL server: run through scripts/with-postgres.sh (make test does)"))
struct PostgresBackendTests {
    typealias CLI = CommandLineTests
    typealias Gate = GateCommandTests

    /// Indexes the bundled scenario's three deployments into a new PostgreSQL database; its URL.
    static func indexedScenario(_ d: Gate.Demo, label: String) throws -> String {
        try indexedScenario(d, into: try PostgresServer.freshDatabase(label))
    }

    /// Indexes the bundled scenario's three deployments into `db` (a path or a URL).
    static func indexedScenario(_ d: Gate.Demo, into db: String) throws -> String {
        for v in ["v1.0.0", "v1.1.0", "v1.2.0"] {
            let r = try CLI.run(["index", "--db", db, "--service", "shop", "--deploy", v, "--quiet", d.path("logs/\(v).log")])
            guard r.status == 0 else { throw Gate.CLIError(message: r.stderr) }
        }
        return db
    }

    @Test func everyCommandGivesTheSameJSONOnBothBackends() throws {
        let d = try Gate.demo.get()
        let url = try Self.indexedScenario(d, label: "json")
        // A SQLite store of its own (the demo's is shared with tests that record reviews in it), fed
        // the same commands in the same order: diffs and gates record reviews that `deploys` shows.
        let tmp = try Temp()
        let sqlite = try Self.indexedScenario(d, into: tmp.path("store.sqlite"))
        let commands: [[String]] = [
            ["deploys", "--format", "json"],
            ["deploys", "--all-services", "--format", "json"],
            ["templates", "--deploy", "v1.2.0", "--format", "json"],
            ["templates", "--deploy", "v1.0.0", "--level", "warn", "--top", "5", "--format", "json"],
            ["diff", "v1.0.0", "v1.1.0", "--format", "json"],
            ["diff", "--format", "json"],
            ["diff", "--normalize", "time", "--format", "json"],
            ["explain", "--format", "json"],
            ["gate", "v1.0.0", "v1.2.0", "--format", "json"],
            ["gate", "--format", "json"],
            ["deploys", "--format", "json"],
            ["history", "--format", "json"],
            ["history", "T1", "--format", "json"],
        ]
        for args in commands {
            let repo = ["deploys", "templates", "history"].contains(args[0]) ? [] : ["--repo", d.repo]
            let lite = try CLI.run(args + ["--db", sqlite, "--service", "shop"] + repo)
            let postgres = try CLI.run(args + ["--db", url, "--service", "shop"] + repo)
            #expect(lite.status == postgres.status, "\(args): \(postgres.stderr)")
            #expect(lite.status == 0 || (args[0] == "gate" && lite.status == 1), "\(args): \(lite.stderr)")
            #expect(!lite.stdout.isEmpty)
            #expect(Self.normalised(postgres.stdout, d) == Self.normalised(lite.stdout, d), "\(args) differs between backends")
        }
    }

    @Test func reIndexingAddsNothingAndAcknowledgementsApply() throws {
        let d = try Gate.demo.get()
        let url = try Self.indexedScenario(d, label: "again")
        let before = try CLI.run(["deploys", "--db", url, "--service", "shop", "--format", "json"])
        let again = try CLI.run(["index", "--db", url, "--service", "shop", "--deploy", "v1.2.0", "--quiet", d.path("logs/v1.2.0.log")])
        #expect(again.status == 0, "\(again.stderr)")
        let after = try CLI.run(["deploys", "--db", url, "--service", "shop", "--format", "json"])
        #expect(JSONOutputTests.normalised(after.stdout, d) == JSONOutputTests.normalised(before.stdout, d))
        let gate = try CLI.run(["gate", "--db", url, "--service", "shop", "--repo", d.repo, "--format", "json"])
        #expect(gate.status == 1)
        // Acknowledge every template the gate failed on: the same gate then passes.
        let root = try #require(try JSONSerialization.jsonObject(with: Data(gate.stdout.utf8)) as? [String: Any])
        let violations = (root["gate"] as? [String: Any])?["violations"] as? [[String: Any]] ?? []
        let failing = violations.filter { $0["action"] as? String == "fail" }.compactMap { ($0["change"] as? String)?.split(separator: ":").last }
        try #require(!failing.isEmpty, "\(gate.stdout.prefix(600))")
        for id in Set(failing) {
            let ack = try CLI.run(["ack", "--db", url, "--service", "shop", String(id), "--reason", "expected in this release"])
            #expect(ack.status == 0, "\(ack.stderr)")
        }
        let passed = try CLI.run(["gate", "--db", url, "--service", "shop", "--repo", d.repo])
        #expect(passed.status == 0, "\(passed.stdout)\(passed.stderr)")
    }

    @Test func aNewerSchemaIsRefusedAndAnEmptyDatabaseHoldsNoStore() throws {
        let d = try Gate.demo.get()
        let url = try PostgresServer.freshDatabase("schema")
        let empty = try CLI.run(["deploys", "--db", url, "--service", "shop"])
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("no store at \(Self.shown(url))"), "\(empty.stderr)")
        let r = try CLI.run(["index", "--db", url, "--service", "shop", "--deploy", "v1.0.0", "--quiet", d.path("logs/v1.0.0.log")])
        #expect(r.status == 0, "\(r.stderr)")
        // Versioned the same way: the same named migrations as a SQLite store, in the same order.
        let applied = try PostgresServer.psql(url, "SELECT identifier FROM deploydiff_migrations ORDER BY position")
        let tmp = try Temp()
        let sqlite = try PatternStore(path: tmp.path("s.sqlite")).appliedMigrations()
        #expect(applied.split(separator: "\n").map(String.init) == sqlite)
        try PostgresServer.psql(url, "INSERT INTO deploydiff_migrations VALUES ('2099-01-v99-future', 99, 'now')")
        let refused = try CLI.run(["deploys", "--db", url, "--service", "shop"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("was written by a newer deploydiff"), "\(refused.stderr)")
        #expect(refused.stderr.contains("2099-01-v99-future"))
        let index = try CLI.run(["index", "--db", url, "--service", "shop", "--deploy", "v1.1.0", "--quiet", d.path("logs/v1.1.0.log")])
        #expect(index.status == 2)
        #expect(try PostgresServer.psql(url, "SELECT count(*) FROM deployment") == "1", "nothing written by the refused run")
    }

    @Test func aWrongPasswordNamesTheURLWithoutThePassword() throws {
        let d = try Gate.demo.get()
        let url = try PostgresServer.freshDatabase("password")
        let secret = "not-the-password-\(UUID().uuidString.prefix(6))"
        let r = try CLI.run(
            ["index", "--db", url, "--service", "shop", "--deploy", "v1.0.0", "--quiet", d.path("logs/v1.0.0.log")], environment: ["PGPASSWORD": secret])
        #expect(r.status == 2)
        #expect(r.stderr.contains(Self.shown(url)), "\(r.stderr)")
        #expect(r.stderr.contains("refused the login"), "\(r.stderr)")
        #expect(r.stderr.contains("password authentication failed"), "\(r.stderr)")
        #expect(!r.stderr.contains(secret) && !r.stdout.contains(secret))
        // No password at all (no PGPASSWORD, a pgpass file without the server): refused too.
        let none = try CLI.run(["deploys", "--db", url, "--service", "shop"], environment: ["PGPASSWORD": "", "PGPASSFILE": "/nonexistent/pgpass"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("refused the login"), "\(none.stderr)")
        // A password in the URL itself is refused before connecting, and not echoed.
        let inURL = url.replacingOccurrences(of: "://deploydiff@", with: "://deploydiff:\(secret)@")
        let flagged = try CLI.run(["deploys", "--db", inURL, "--service", "shop"])
        #expect(flagged.status == 2)
        #expect(flagged.stderr.contains("carries a password"), "\(flagged.stderr)")
        #expect(!flagged.stderr.contains(secret))
    }

    @Test func anUnreachableServerNamesTheURL() throws {
        // A port nobody listens on: bound, then closed.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        let port = Int(UInt16(bigEndian: addr.sin_port))
        close(fd)
        let url = "postgres://deploydiff@127.0.0.1:\(port)/nowhere?sslmode=disable"
        let r = try CLI.run(["deploys", "--db", url, "--service", "shop"], environment: ["PGPASSWORD": "s3cret-unreachable"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("cannot reach the PostgreSQL server"), "\(r.stderr)")
        #expect(r.stderr.contains("postgres://deploydiff@127.0.0.1:\(port)/nowhere?sslmode=disable"), "\(r.stderr)")
        #expect(!r.stderr.contains("s3cret-unreachable"))
    }

    /// What differs per run: when the store was written, and when a review was recorded.
    static func normalised(_ s: String, _ d: Gate.Demo) -> String {
        JSONOutputTests.normalised(s, d).replacingOccurrences(
            of: #""recordedAt" : "[^"]*""#, with: #""recordedAt" : "$RECORDED_AT""#, options: .regularExpression)
    }

    /// The URL as messages show it (the test URLs are already in that form).
    static func shown(_ url: String) -> String { url }
}
