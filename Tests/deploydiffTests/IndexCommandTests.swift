import Foundation
import GRDB
import PatternStore
import Testing
import TestSupport

/// `deploydiff index` as a process: crashes, concurrency, the store on disk.
@Suite(.serialized) struct IndexCommandTests {
    typealias CLI = CommandLineTests

    typealias Temp = TemporaryDirectory

    /// A log big enough that indexing takes a while: many statements, levels and timestamps.
    static func writeLog(_ path: String, lines: Int, seed: Int) throws {
        var out = ""
        out.reserveCapacity(lines * 90)
        var x = UInt64(seed)
        let users = ["alice", "bob", "carol", "dave", "erin", "frank"]
        for i in 0..<lines {
            x = x &* 6364136223846793005 &+ 1442695040888963407
            let r = Int(x >> 33)
            let ms = 1_000 + i * 7
            let stamp = String(format: "2026-03-02 10:%02d:%02d,%03d", (ms / 60_000) % 60, (ms / 1000) % 60, ms % 1000)
            switch r % 6 {
            case 0: out += "\(stamp) INFO app.api: served GET /items/\(r % 1000) in \(r % 300)ms\n"
            case 1: out += "\(stamp) DEBUG app.cache: cache miss for key user:\(r % 5000)\n"
            case 2: out += "\(stamp) INFO app.auth: session opened for \(users[r % users.count]) from 10.0.\(r % 255).\(r % 7)\n"
            case 3: out += "\(stamp) WARNING app.db: slow query on orders took \(r % 900)ms\n"
            case 4: out += "\(stamp) ERROR app.pay: charge \(r) failed: gateway timeout after \(r % 30)s\n"
            default: out += "\(stamp) INFO app.jobs: job \(r % 100) finished with status \(["ok", "retry", "skipped"][r % 3])\n"
            }
        }
        try out.write(toFile: path, atomically: false, encoding: .utf8)
    }

    static func counts(_ db: String, _ deploy: String) throws -> [Int: Int] {
        let store = try PatternStore(path: db)
        let d = try #require(try store.deployments(service: "default").first { $0.name == deploy })
        return Dictionary(uniqueKeysWithValues: try store.templateStats(deployment: d).map { ($0.id, $0.count) })
    }

    /// Records committed so far, read with the sqlite3 C API's view through GRDB, without
    /// opening a store (which would migrate).
    static func committedRecords(_ db: String) -> Int {
        guard FileManager.default.fileExists(atPath: db) else { return 0 }
        var config = Configuration()
        config.readonly = true
        guard let q = try? DatabaseQueue(path: db, configuration: config) else { return 0 }
        return (try? q.read { try Int.fetchOne($0, sql: "SELECT coalesce(sum(records), 0) FROM deployment") } ?? 0) ?? 0
    }

    static func start(_ args: [String]) throws -> Process {
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    @Test func killNineMidRunThenRerunEqualsACleanRun() throws {
        let tmp = try Temp()
        let log = tmp.path("big.log")
        try Self.writeLog(log, lines: 300_000, seed: 7)
        let crashed = tmp.path("crashed.sqlite")
        let p = try Self.start(["index", "--db", crashed, "--deploy", "v1", "--batch", "1000", "--quiet", log])
        // Kill right after the first batches land: a plain SQLite read, polled often, so a fast
        // indexer is still caught mid-run.
        let deadline = Date().addingTimeInterval(60)
        while p.isRunning, Date() < deadline {
            usleep(2_000)
            if Self.committedRecords(crashed) >= 3_000 { break }
        }
        try #require(p.isRunning, "the indexer finished before it could be killed; make the log bigger")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal)
        let partial = try PatternStore(path: crashed).deployments()[0].records
        #expect(partial > 0 && partial < 300_000, "killed mid-run with \(partial) records stored")
        #expect(partial % 1000 == 0, "only whole batches are visible")

        let rerun = try CLI.run(["index", "--db", crashed, "--deploy", "v1", "--batch", "1000", log])
        #expect(rerun.status == 0)
        let clean = tmp.path("clean.sqlite")
        #expect(try CLI.run(["index", "--db", clean, "--deploy", "v1", log]).status == 0)
        #expect(try Self.counts(crashed, "v1") == Self.counts(clean, "v1"))
        #expect(try PatternStore(path: crashed).deployments()[0].records == 300_000)
        #expect(try PatternStore(path: crashed).deployments()[0].lines == 300_000)
        #expect(try PatternStore(path: crashed).deployments()[0].bytes == PatternStore(path: clean).deployments()[0].bytes)
    }

    @Test func twoIndexersAtOnceBothFinishAndLoseNoCount() throws {
        let tmp = try Temp()
        let a = tmp.path("a.log")
        let b = tmp.path("b.log")
        try Self.writeLog(a, lines: 60_000, seed: 1)
        try Self.writeLog(b, lines: 60_000, seed: 2)
        let db = tmp.path("s.sqlite")
        let p1 = try Self.start(["index", "--db", db, "--deploy", "v1", "--batch", "1000", a])
        let p2 = try Self.start(["index", "--db", db, "--deploy", "v1", "--batch", "1000", b])
        p1.waitUntilExit()
        p2.waitUntilExit()
        #expect(p1.terminationStatus == 0)
        #expect(p2.terminationStatus == 0)
        let together = try Self.counts(db, "v1")
        let one = tmp.path("one.sqlite")
        _ = try CLI.run(["index", "--db", one, "--deploy", "v1", a, b])
        let total = together.values.reduce(0, +)
        #expect(total == 120_000)
        #expect(together.values.sorted() == (try Self.counts(one, "v1")).values.sorted())
    }

    /// Records ending in spaces and tabs (and CRLF) give templates without them, and no line of the
    /// listing ends in whitespace.
    @Test func trailingWhitespaceNeverReachesATemplate() throws {
        let tmp = try Temp()
        let log = tmp.path("ws.log")
        var text = ""
        for i in 0..<30 { text += "2026-03-01 10:00:\(String(format: "%02d", i)) INFO app: user \(i) signed in \(i % 2 == 0 ? "  " : "\t")\(i % 3 == 0 ? "\r" : "")\n" }
        try text.write(toFile: log, atomically: true, encoding: .utf8)
        let db = tmp.path("s.sqlite")
        #expect(try CLI.run(["index", "--db", db, "--deploy", "v1", log]).status == 0)
        let json = try CLI.run(["templates", "--db", db, "--deploy", "v1", "--format", "json"])
        let rows = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [[String: Any]]
        let texts = rows.compactMap { $0["text"] as? String }
        #expect(texts.count == 1, "\(texts)")
        #expect(texts.allSatisfy { $0.last.map { !$0.isWhitespace } ?? true }, "\(texts)")
        let listing = try CLI.run(["templates", "--db", db, "--deploy", "v1"])
        #expect(listing.stdout.split(separator: "\n").allSatisfy { $0.last.map { !$0.isWhitespace } ?? true }, "\(listing.stdout)")
    }

    @Test func deploysAndTemplatesListWhatWasIndexed() throws {
        let tmp = try Temp()
        let db = tmp.path("s.sqlite")
        #expect(try CLI.run(["index", "--db", db, "--deploy", "v1.0.0", "fixtures/logs/python-app.log"]).status == 0)
        let deploys = try CLI.run(["deploys", "--db", db, "--format", "json"])
        let list = try JSONSerialization.jsonObject(with: Data(deploys.stdout.utf8)) as! [[String: Any]]
        #expect(list.count == 1)
        #expect(list[0]["name"] as? String == "v1.0.0")
        #expect(list[0]["records"] as? Int == 1400)
        let top = try CLI.run(["templates", "--db", db, "--deploy", "v1.0.0", "--top", "3"])
        let rows = top.stdout.split(separator: "\n")
        #expect(rows.count == 4, "a header row and three templates")
        #expect(rows.first?.split(separator: " ", omittingEmptySubsequences: true) == ["COUNT", "ID", "LEVEL", "TEMPLATE"])
        let listed = try CLI.run(["deploys", "--db", db])
        #expect(listed.stdout.hasPrefix("SERVICE"), "\(listed.stdout)")
        #expect(listed.stdout.split(separator: "\n").count == 2)
        let errors = try CLI.run(["templates", "--db", db, "--deploy", "v1.0.0", "--level", "ERROR", "--format", "json"])
        let errorRows = try JSONSerialization.jsonObject(with: Data(errors.stdout.utf8)) as! [[String: Any]]
        #expect(!errorRows.isEmpty)
        #expect(errorRows.allSatisfy { ($0["levels"] as? [String: Int])?.keys.contains { $0 == "ERROR" || $0 == "FATAL" } == true })
        // A level is typed at the flag: a word that names none is a usage error.
        let loud = try CLI.run(["templates", "--db", db, "--deploy", "v1.0.0", "--level", "LOUD"])
        #expect(loud.status == 64)
        #expect(loud.stderr.contains("LOUD"))
        let missing = try CLI.run(["templates", "--db", db, "--deploy", "v9"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no deployment 'v9'"))
    }

    @Test func theStoreDefaultsToTheEnvironmentVariable() throws {
        let tmp = try Temp()
        let db = tmp.path("env.sqlite")
        setenv("DEPLOYDIFF_DB", db, 1)
        defer { unsetenv("DEPLOYDIFF_DB") }
        #expect(try CLI.run(["index", "--deploy", "v1", "--quiet", "fixtures/logs/syslog.log"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: db))
    }
}
