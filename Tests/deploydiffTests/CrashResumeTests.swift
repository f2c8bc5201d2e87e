import Foundation
import GRDB
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Property: however often `index` is killed with SIGKILL, and whatever happens to the files
/// between runs (grown, read through a symlink, rotated, compressed), re-running it ends with
/// exactly the store a clean run gives.
@Suite(.serialized) struct CrashResumeTests {
    typealias CLI = CommandLineTests
    typealias Temp = IndexCommandTests.Temp

    /// SplitMix64: a seeded generator, so a failing sequence of kill points can be replayed
    /// (DEPLOYDIFF_CRASH_SEED).
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Everything a deployment holds, by template text (ids depend on the order records came in).
    static func dump(_ db: String) throws -> [String] {
        var config = Configuration()
        config.readonly = true
        return try DatabaseQueue(path: db, configuration: config).read { db in
            var out: [String] = []
            for sql in [
                "SELECT name, records, lines, bytes, first_ts, last_ts FROM deployment ORDER BY name",
                "SELECT t.text, sum(c.count), sum(c.n_info), sum(c.n_warning), sum(c.n_error), min(c.first_ts), max(c.last_ts) FROM template_count c JOIN template t ON t.id = c.template_id GROUP BY t.text ORDER BY t.text",
                "SELECT t.text, m.minute, sum(m.count) FROM template_minute m JOIN template t ON t.id = m.template_id GROUP BY 1, 2 ORDER BY 1, 2",
                "SELECT t.text, s.priority, s.text FROM sample s JOIN template t ON t.id = s.template_id ORDER BY 1, 2",
                "SELECT t.text, v.position, v.value, v.count FROM value_count v JOIN template t ON t.id = v.template_id ORDER BY 1, 2, 3",
                "SELECT reason, count FROM deployment_skip ORDER BY reason",
            ] {
                for r in try Row.fetchAll(db, sql: sql) { out.append(r.description) }
            }
            return out
        }
    }

    /// Starts `index` and kills it once `threshold` records are committed plus a random few
    /// milliseconds (so kills land inside commits as well as between them); returns whether it was killed.
    static func indexAndKill(_ db: String, _ files: [String], threshold: Int, jitterMicros: UInt32) throws -> Bool {
        let p = try IndexCommandTests.start(["index", "--db", db, "--deploy", "v1", "--batch", "700", "--quiet"] + files)
        let deadline = Date().addingTimeInterval(120)
        while p.isRunning, Date() < deadline, IndexCommandTests.committedRecords(db) < threshold { usleep(1_000) }
        usleep(jitterMicros)
        guard p.isRunning else {
            p.waitUntilExit()
            return false
        }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        return true
    }

    static func sh(_ script: String, in dir: String) throws {
        let r = try StoreSafetyTests.bash(script, in: dir)
        try #require(r.status == 0, "\(script): \(r.stderr)")
    }

    @Test func twentyKillsAcrossGrowthRotationCompressionAndLinksEqualACleanRun() throws {
        let seed = UInt64(ProcessInfo.processInfo.environment["DEPLOYDIFF_CRASH_SEED"] ?? "") ?? 20_261_202
        var rng = Seeded(state: seed)
        let tmp = try Temp()
        let dir = tmp.url.path
        let db = tmp.path("crashed.sqlite")
        try IndexCommandTests.writeLog(tmp.path("app.log"), lines: 60_000, seed: 21)
        try IndexCommandTests.writeLog(tmp.path("more.log"), lines: 20_000, seed: 22)
        try IndexCommandTests.writeLog(tmp.path("next.log"), lines: 20_000, seed: 23)
        var killed = 0
        for k in 0..<20 {
            // Between kills the files change as they do on a live host.
            switch k {
            case 5: try Self.sh("cat more.log >> app.log && ln -s app.log current.log", in: dir)
            case 10: try Self.sh("mv app.log app.log.1 && cp next.log app.log && rm current.log", in: dir)
            case 15: try Self.sh("gzip app.log.1", in: dir)
            default: break
            }
            let files: [String] =
                switch k {
                case 0..<5: ["app.log"]
                case 5..<10: ["current.log"]
                case 10..<15: ["app.log", "app.log.1"]
                default: ["app.log", "app.log.1.gz"]
                }
            let committed = IndexCommandTests.committedRecords(db)
            let threshold = committed + Int.random(in: 0...8_000, using: &rng)
            if try Self.indexAndKill(db, files.map { tmp.path($0) }, threshold: threshold, jitterMicros: UInt32.random(in: 0...4_000, using: &rng)) {
                killed += 1
            }
        }
        #expect(killed >= 10, "seed \(seed): only \(killed) of 20 runs were killed mid-run")
        let rerun = try CLI.run(["index", "--db", db, "--deploy", "v1", tmp.path("app.log"), tmp.path("app.log.1.gz")])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let clean = tmp.path("clean.sqlite")
        #expect(try CLI.run(["index", "--db", clean, "--deploy", "v1", tmp.path("app.log.1.gz"), tmp.path("app.log")]).status == 0)
        let a = try Self.dump(db)
        let b = try Self.dump(clean)
        #expect(a == b, "seed \(seed): \(zip(a, b).first { $0 != $1 }.map { "\($0) vs \($1)" } ?? "lengths \(a.count) vs \(b.count)")")
        #expect(IndexCommandTests.committedRecords(db) == 100_000)
    }
}
