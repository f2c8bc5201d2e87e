import Foundation
import GRDB
import LogMining
import Testing
import TestSupport

@testable import Ingestion
@testable import PatternStore

/// Issue 12: every record counted once, whatever the spelling, rotation, compression or crash;
/// nothing half-written; a bad input does not lose the good ones.
@Suite struct ExactlyOnceTests {
    func index(_ store: PatternStore, _ inputs: [String], deploy: String = "v1", batch: Int = 200_000) throws -> IndexReport {
        try DeploymentIndexer(store: store, request: IndexRequest(service: "shop", deployment: deploy, inputs: inputs, batchRecords: batch)).run()
    }

    /// Everything a deployment holds, as comparable rows: counts, levels, minutes, samples, values, totals.
    static func dump(_ store: PatternStore, deploy: String = "v1") throws -> [String] {
        let q = try DatabaseQueue(path: store.path)
        return try q.read { db in
            var out: [String] = []
            for sql in [
                "SELECT d.name, d.records, d.lines, d.bytes, d.first_ts, d.last_ts FROM deployment d ORDER BY d.name",
                "SELECT t.text, c.count, c.n_info, c.n_error, c.n_warning, c.first_ts, c.last_ts FROM template_count c JOIN template t ON t.id = c.template_id ORDER BY t.text",
                "SELECT t.text, m.minute, m.count FROM template_minute m JOIN template t ON t.id = m.template_id ORDER BY t.text, m.minute",
                "SELECT t.text, s.priority, s.text FROM sample s JOIN template t ON t.id = s.template_id ORDER BY t.text, s.priority",
                "SELECT t.text, v.position, v.value, v.count FROM value_count v JOIN template t ON t.id = v.template_id ORDER BY 1, 2, 3",
                "SELECT text FROM template WHERE merged_into IS NULL ORDER BY text",
            ] {
                for r in try Row.fetchAll(db, sql: sql) { out.append(sql.prefix(30) + " " + r.description) }
            }
            return out
        }
    }

    static func records(_ store: PatternStore) throws -> Int { try store.deployments().reduce(0) { $0 + $1.records } }

    static func sh(_ script: String) throws {
        let r = try Shell.run(script)
        #expect(r.status == 0, "\(script): \(r.stderr)")
    }

    static func lines(_ n: Int, from: Int = 0, tag: String = "") -> String {
        var out = ""
        for i in from..<(from + n) {
            let minute = (i / 60) % 60
            let second = i % 60
            let stamp = String(format: "2026-03-02 10:%02d:%02d,000", minute, second)
            out += "\(stamp) INFO app.api: served GET /items/\(i % 97) in \(i % 13)ms\(tag)\n"
        }
        return out
    }

    // MARK: 1. Values cut to 128 bytes are de-duplicated by what is stored

    /// Values were stored cut to 128 bytes but keyed by a hash of the whole value: two values
    /// sharing their first 128 bytes became two rows with one primary key, and the run failed
    /// with "UNIQUE constraint failed: value_count..." every time after.
    @Test func valuesSharingTheirFirst128BytesDoNotCollide() throws {
        let tmp = try TempDir()
        let log = tmp.path("app.log")
        let long = "/opt/" + String(repeating: "a", count: 140)
        let text = (0..<12).map { "2026-03-02 10:00:0\($0 % 10),000 INFO app.boot: loaded \(long)\($0 % 2) ok\n" }.joined()
        try text.write(toFile: log, atomically: false, encoding: .utf8)
        let store = try PatternStore(path: tmp.path("s.sqlite"))
        _ = try index(store, [log])
        #expect(try Self.records(store) == 12)
        // A grown file continues the stored values: the same cut value must find its row.
        try (text + text).write(toFile: log, atomically: false, encoding: .utf8)
        _ = try index(store, [log])
        #expect(try Self.records(store) == 24)
        let total = try DatabaseQueue(path: store.path).read {
            try Int.fetchAll($0, sql: "SELECT sum(count) FROM value_count GROUP BY template_id, position")
        }
        #expect(total.contains(24))
    }

    /// Invalid UTF-8 decodes to U+FFFD: two values differing only in invalid bytes are stored as
    /// the same text and must count as one value.
    @Test func nonUTF8ValuesThatStoreAlikeCountAsOne() throws {
        let tmp = try TempDir()
        let log = tmp.path("app.log")
        var bytes: [UInt8] = []
        for i in 0..<24 {
            bytes += Array("2026-03-02 10:00:\(10 + i % 10),000 INFO app.io: read key=k".utf8) + [[0xFF, 0xFE, 0xFD, 0xFC, 0xFB, 0xFA][i % 6]] + Array(" done\n".utf8)
        }
        FileManager.default.createFile(atPath: log, contents: Data(bytes))
        let store = try PatternStore(path: tmp.path("s.sqlite"))
        _ = try index(store, [log], batch: 5)
        #expect(try Self.records(store) == 24)
    }

    // MARK: 2. A source is what it is, not how it is spelled

    @Test func theSameFileUnderAnotherSpellingCountsOnce() throws {
        let tmp = try TempDir()
        try FileManager.default.createDirectory(atPath: tmp.path("logs"), withIntermediateDirectories: true)
        let log = tmp.path("logs/app.log")
        try Self.lines(300).write(toFile: log, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: tmp.path("link.log"), withDestinationPath: log)
        let store = try PatternStore(path: tmp.path("s.sqlite"))
        let cwd = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(tmp.url.path)
        defer { FileManager.default.changeCurrentDirectoryPath(cwd) }
        let r = try index(store, ["logs/app.log", "./logs/app.log", log, tmp.path("link.log"), "logs//app.log"])
        #expect(try Self.records(store) == 300)
        #expect(r.outcomes.dropFirst().allSatisfy { $0.status == .unchanged })
    }

    /// The README's `app.log*` recipe through a rotation and a compression: 2,100 records
    /// happened, 2,100 are counted (was 4,100, then 6,100).
    @Test func rotationThenCompressionCountsEachRecordOnce() throws {
        let tmp = try TempDir()
        let log = tmp.path("app.log")
        try Self.lines(2000).write(toFile: log, atomically: false, encoding: .utf8)
        let store = try PatternStore(path: tmp.path("s.sqlite"))
        _ = try index(store, [log])
        try FileManager.default.moveItem(atPath: log, toPath: tmp.path("app.log.1"))
        try Self.lines(100, from: 2000, tag: " rotated").write(toFile: log, atomically: false, encoding: .utf8)
        _ = try index(store, [log, tmp.path("app.log.1")])
        #expect(try Self.records(store) == 2100)
        try Self.sh("gzip '\(tmp.path("app.log.1"))'")
        let third = try index(store, [log, tmp.path("app.log.1.gz")])
        #expect(try Self.records(store) == 2100)
        #expect(third.outcomes.allSatisfy { $0.status == .unchanged })
        let clean = try PatternStore(path: tmp.path("clean.sqlite"))
        try (Self.lines(2000) + Self.lines(100, from: 2000, tag: " rotated")).write(toFile: tmp.path("all.log"), atomically: false, encoding: .utf8)
        _ = try index(clean, [tmp.path("all.log")])
        #expect(try Self.dump(store).filter { !$0.hasPrefix("SELECT d.name") } == Self.dump(clean).filter { !$0.hasPrefix("SELECT d.name") })
    }

    /// A rotated file that was written to after the last run: its tail is counted, its head not again.
    @Test func aRotatedFileThatGrewAddsItsTail() throws {
        let tmp = try TempDir()
        let log = tmp.path("app.log")
        try Self.lines(500).write(toFile: log, atomically: false, encoding: .utf8)
        let store = try PatternStore(path: tmp.path("s.sqlite"))
        _ = try index(store, [log])
        try FileManager.default.moveItem(atPath: log, toPath: tmp.path("app.log.1"))
        let h = try #require(FileHandle(forWritingAtPath: tmp.path("app.log.1")))
        h.seekToEndOfFile()
        h.write(Data(Self.lines(50, from: 500).utf8))
        try h.close()
        try Self.sh("gzip '\(tmp.path("app.log.1"))'")
        _ = try index(store, [tmp.path("app.log.1.gz")])
        #expect(try Self.records(store) == 550)
    }

    @Test func aTruncatedGzipIsAnErrorThatStoresNothing() throws {
        let tmp = try TempDir()
        let log = tmp.path("app.log")
        try Self.lines(20_000).write(toFile: log, atomically: false, encoding: .utf8)
        try Self.sh("gzip -c '\(log)' > '\(tmp.path("full.gz"))' && head -c 30000 '\(tmp.path("full.gz"))' > '\(tmp.path("cut.gz"))'")
        let store = try PatternStore(path: tmp.path("s.sqlite"))
        let r = try index(store, [tmp.path("cut.gz")], batch: 1000)
        guard case .failed(let message) = r.outcomes[0].status else {
            Issue.record("a truncated gzip indexed: \(r.outcomes[0].status)")
            return
        }
        #expect(message.contains("cut.gz"))
        #expect(message.contains("truncated"))
        #expect(try store.deployments().isEmpty)
        _ = try index(store, [tmp.path("full.gz")])
        #expect(try Self.records(store) == 20_000)
    }

    /// A file that grows while written: the half line at its end waits for the next run.
    @Test func aGrownFileCutMidLineEqualsACleanRun() throws {
        let tmp = try TempDir()
        let full = Self.lines(400)
        let cut = full.utf8.count - 25
        let log = tmp.path("app.log")
        try String(decoding: Array(full.utf8)[..<cut], as: UTF8.self).write(toFile: log, atomically: false, encoding: .utf8)
        let grown = try PatternStore(path: tmp.path("grown.sqlite"))
        _ = try index(grown, [log])
        #expect(try Self.records(grown) == 399)
        try full.write(toFile: log, atomically: false, encoding: .utf8)
        _ = try index(grown, [log])
        let clean = try PatternStore(path: tmp.path("clean.sqlite"))
        _ = try index(clean, [log])
        #expect(try Self.dump(grown) == Self.dump(clean))
    }

    /// A last line without a newline in a file that stopped growing is taken by the next run.
    @Test func anUnterminatedLastLineIsTakenOnceTheFileSettles() throws {
        let tmp = try TempDir()
        let log = tmp.path("app.log")
        try String(Self.lines(10).dropLast()).write(toFile: log, atomically: false, encoding: .utf8)
        let store = try PatternStore(path: tmp.path("s.sqlite"))
        _ = try index(store, [log])
        #expect(try Self.records(store) == 9)
        _ = try index(store, [log])
        #expect(try Self.records(store) == 10)
        #expect(try index(store, [log]).outcomes[0].status == .unchanged)
        #expect(try Self.records(store) == 10)
    }

    /// A position's values were written only from its 10th value on: a run that committed fewer
    /// (then was killed, or the file grew) lost them, and the re-run ended short of a clean run.
    @Test func valuesOfAPositionWithFewValuesSurviveAResume() throws {
        let tmp = try TempDir()
        let log = tmp.path("app.log")
        let users = ["alice", "bob", "carol", "dave", "erin", "frank"]
        func text(_ range: Range<Int>) -> String {
            range.map { "2026-03-02 10:00:\(10 + $0),000 INFO app.auth: login for user \(users[$0 % 6]) accepted\n" }.joined()
        }
        try text(0..<6).write(toFile: log, atomically: false, encoding: .utf8)
        let grown = try PatternStore(path: tmp.path("grown.sqlite"))
        _ = try index(grown, [log])
        try text(0..<12).write(toFile: log, atomically: false, encoding: .utf8)
        _ = try index(grown, [log])
        let clean = try PatternStore(path: tmp.path("clean.sqlite"))
        _ = try index(clean, [log])
        #expect(try Self.dump(grown) == Self.dump(clean))
    }

    // MARK: 4. A failed index leaves nothing behind

    @Test func aFailedIndexRegistersNoDeployment() throws {
        let tmp = try TempDir()
        let store = try PatternStore(path: tmp.path("s.sqlite"))
        let r = try index(store, [tmp.path("missing.log")], deploy: "v2")
        #expect(r.failures == 1)
        #expect(try store.deployments().isEmpty)
    }
}
