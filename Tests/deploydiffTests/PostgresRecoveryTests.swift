import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// An indexer writing to PostgreSQL that is killed, or whose server restarts under it: a clear
/// error, nothing half-written, and a re-run that ends with exactly what a clean run stores.
extension PostgresBackendTests {
    typealias Temp = IndexCommandTests.Temp

    /// Everything a store holds, by template text (ids depend on the order records came in).
    static func dump(_ url: String) throws -> [String] {
        try [
            "SELECT name, records, lines, bytes, first_ts, last_ts FROM deployment ORDER BY name",
            "SELECT t.text, sum(c.count), sum(c.n_info), sum(c.n_warning), sum(c.n_error), min(c.first_ts), max(c.last_ts) FROM template_count c JOIN template t ON t.id = c.template_id GROUP BY t.text ORDER BY t.text COLLATE \"C\"",
            "SELECT t.text, m.minute, sum(m.count) FROM template_minute m JOIN template t ON t.id = m.template_id GROUP BY t.text, m.minute ORDER BY t.text COLLATE \"C\", m.minute",
            "SELECT t.text, s.priority, s.text FROM sample s JOIN template t ON t.id = s.template_id ORDER BY t.text COLLATE \"C\", s.priority",
            "SELECT t.text, v.position, v.value, v.count FROM value_count v JOIN template t ON t.id = v.template_id ORDER BY t.text COLLATE \"C\", v.position, v.value COLLATE \"C\"",
            "SELECT reason, count FROM deployment_skip ORDER BY reason",
        ].map { try PostgresServer.psql(url, $0) }
    }

    static func committedRecords(_ url: String) -> Int {
        Int((try? PostgresServer.psql(url, "SELECT coalesce(sum(records), 0) FROM deployment")) ?? "") ?? 0
    }

    /// Starts `index` into `url`; its standard error goes to `stderr`.
    static func startIndex(_ url: String, _ log: String, stderr: String) throws -> Process {
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["index", "--db", url, "--service", "app", "--deploy", "v1", "--batch", "1000", "--quiet", log]
        p.standardOutput = FileHandle.nullDevice
        FileManager.default.createFile(atPath: stderr, contents: nil)
        p.standardError = FileHandle(forWritingAtPath: stderr)
        try p.run()
        return p
    }

    /// Waits (at most two minutes) until the run committed some records; false when it ended first.
    static func waitForCommits(_ p: Process, _ url: String) -> Bool {
        let deadline = Date().addingTimeInterval(120)
        while p.isRunning, Date() < deadline, committedRecords(url) == 0 { usleep(5_000) }
        return p.isRunning
    }

    /// Runs a program and waits for it with waitpid. Foundation's `Process.waitUntilExit` never
    /// returned for `pg_ctl restart` (the server it starts outlives it), so this does not use it.
    static func spawnAndWait(_ argv: [String]) -> Int32 {
        var pid: pid_t = 0
        let cArgs = argv.map { strdup($0) } + [nil]
        defer { for a in cArgs { free(a) } }
        guard posix_spawn(&pid, argv[0], nil, nil, cArgs, environ) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
    }

    @Test func killNineMidRunThenRerunEqualsACleanRun() throws {
        let tmp = try Temp()
        let log = tmp.path("big.log")
        try IndexCommandTests.writeLog(log, lines: 200_000, seed: 41)
        let crashed = try PostgresServer.freshDatabase("killed")
        let clean = try PostgresServer.freshDatabase("killclean")
        let p = try Self.startIndex(crashed, log, stderr: tmp.path("err"))
        try #require(Self.waitForCommits(p, crashed), "the indexer finished before it could be killed: use a bigger log")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let partial = Self.committedRecords(crashed)
        #expect(partial > 0 && partial < 200_000, "killed mid-run: \(partial) records committed")
        let rerun = try CLI.run(["index", "--db", crashed, "--service", "app", "--deploy", "v1", "--batch", "1000", "--quiet", log])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let fresh = try CLI.run(["index", "--db", clean, "--service", "app", "--deploy", "v1", "--batch", "1000", "--quiet", log])
        #expect(fresh.status == 0, "\(fresh.stderr)")
        #expect(Self.committedRecords(crashed) == 200_000)
        #expect(try Self.dump(crashed) == Self.dump(clean))
    }

    @Test func aServerRestartMidIndexGivesAClearErrorAndTheRerunCompletes() throws {
        let env = ProcessInfo.processInfo.environment
        let data = try #require(env["DEPLOYDIFF_TEST_POSTGRES_DATA"], "scripts/with-postgres.sh sets DEPLOYDIFF_TEST_POSTGRES_DATA")
        let ctl = try #require(env["DEPLOYDIFF_TEST_POSTGRES_CTL"], "scripts/with-postgres.sh sets DEPLOYDIFF_TEST_POSTGRES_CTL")
        let tmp = try Temp()
        let log = tmp.path("big.log")
        try IndexCommandTests.writeLog(log, lines: 200_000, seed: 42)
        let url = try PostgresServer.freshDatabase("restart")
        let clean = try PostgresServer.freshDatabase("restartclean")
        let p = try Self.startIndex(url, log, stderr: tmp.path("err"))
        try #require(Self.waitForCommits(p, url), "the indexer finished before the restart: use a bigger log")
        // The server is run by its own user (PostgreSQL refuses root); pg_ctl restarts it with the same options.
        let argv = (getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] : []) + [ctl, "-D", data, "-m", "fast", "-w", "-t", "60", "-l", data + "/../restart.log", "restart"]
        try #require(Self.spawnAndWait(argv) == 0, "pg_ctl restart failed")
        p.waitUntilExit()
        let stderr = try String(contentsOfFile: tmp.path("err"), encoding: .utf8)
        #expect(p.terminationStatus == 2, "\(stderr)")
        #expect(stderr.contains("the connection to the PostgreSQL server was lost"), "\(stderr)")
        #expect(stderr.contains(url), "names the URL: \(stderr)")
        #expect(stderr.contains("run the same command again"), "\(stderr)")
        let rerun = try CLI.run(["index", "--db", url, "--service", "app", "--deploy", "v1", "--batch", "1000", "--quiet", log])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let fresh = try CLI.run(["index", "--db", clean, "--service", "app", "--deploy", "v1", "--batch", "1000", "--quiet", log])
        #expect(fresh.status == 0, "\(fresh.stderr)")
        #expect(Self.committedRecords(url) == 200_000)
        #expect(try Self.dump(url) == Self.dump(clean))
    }
}
