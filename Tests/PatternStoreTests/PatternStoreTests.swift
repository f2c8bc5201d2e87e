import Foundation
import GRDB
import LogMining
import Testing
import TestSupport

@testable import Ingestion
@testable import PatternStore

/// A temporary folder, removed when the test ends.
typealias TempDir = TemporaryDirectory

enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static func log(_ name: String) -> String { root.appendingPathComponent("fixtures/logs/\(name)").path }
}

@Suite struct PatternStoreTests {
    func index(_ store: PatternStore, deploy: String, _ inputs: [String], batch: Int = 200_000, service: String = "shop") throws -> IndexReport {
        try DeploymentIndexer(
            store: store, request: IndexRequest(service: service, deployment: deploy, inputs: inputs, batchRecords: batch)
        ).run()
    }

    func counts(_ store: PatternStore, _ deploy: String, service: String = "shop") throws -> [String: Int] {
        let d = try store.deployments(service: service).first { $0.name == deploy }!
        return Dictionary(uniqueKeysWithValues: try store.templateStats(deployment: d).map { ($0.text, $0.count) })
    }

    @Test func migratesAnEmptyFileAndReopens() throws {
        let tmp = try TempDir()
        let path = tmp.path("s.sqlite")
        let store = try PatternStore(path: path)
        #expect(try store.appliedMigrations() == Schema.migrator.migrations)
        let again = try PatternStore(path: path)
        #expect(try again.deployments().isEmpty)
        let mode = try DatabaseQueue(path: path).read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    /// GRDB's migrator checks what is applied, then applies: without the schema lock, stores
    /// opened together on a new file failed with "table service already exists".
    @Test func storesOpenedTogetherOnANewFileAllMigrate() throws {
        let tmp = try TempDir()
        for round in 0..<5 {
            let path = tmp.path("s\(round).sqlite")
            let failures = Failures()
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                do { _ = try PatternStore(path: path) } catch { failures.add("\(error)") }
            }
            #expect(failures.all.isEmpty)
            #expect(try PatternStore(path: path).appliedMigrations() == Schema.migrator.migrations)
        }
    }

    final class Failures: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [String] = []
        func add(_ s: String) { lock.withLock { list.append(s) } }
        var all: [String] { lock.withLock { list } }
    }

    @Test func aNewerStoreIsRefusedWithAClearMessage() throws {
        let tmp = try TempDir()
        let path = tmp.path("s.sqlite")
        _ = try PatternStore(path: path)
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES ('2099-01-from-the-future')")
        }
        #expect {
            try PatternStore(path: path)
        } throws: { error in
            guard case PatternStoreError.newerSchema(_, let unknown) = error else { return false }
            return unknown == ["2099-01-from-the-future"] && "\(error)".contains("upgrade deploydiff")
        }
    }

    @Test func reindexingTheSameFileAddsNothing() throws {
        let tmp = try TempDir()
        let store = try PatternStore(path: tmp.path("s.sqlite"))
        let first = try index(store, deploy: "v1", [Fixtures.log("python-app.log")])
        let before = try counts(store, "v1")
        let second = try index(store, deploy: "v1", [Fixtures.log("python-app.log")])
        #expect(first.stats.records == 1400)
        #expect(second.outcomes[0].status == .unchanged)
        #expect(try counts(store, "v1") == before)
        #expect(try store.deployments(service: "shop")[0].records == 1400)
    }

    @Test func aGrownFileAddsOnlyItsTail() throws {
        let tmp = try TempDir()
        let full = try String(contentsOfFile: Fixtures.log("java-service.log"), encoding: .utf8)
        let lines = full.split(separator: "\n", omittingEmptySubsequences: false)
        let head = lines[..<700].joined(separator: "\n") + "\n"
        let log = tmp.path("app.log")
        try head.write(toFile: log, atomically: false, encoding: .utf8)
        let grown = try PatternStore(path: tmp.path("grown.sqlite"))
        _ = try index(grown, deploy: "v1", [log])
        try full.write(toFile: log, atomically: false, encoding: .utf8)
        let tail = try index(grown, deploy: "v1", [log])
        guard case .indexed(_, let from) = tail.outcomes[0].status else { Issue.record("not indexed"); return }
        #expect(from > 0)
        let clean = try PatternStore(path: tmp.path("clean.sqlite"))
        _ = try index(clean, deploy: "v1", [Fixtures.log("java-service.log")])
        #expect(try counts(grown, "v1") == counts(clean, "v1"))
        #expect(try grown.deployments()[0].records == clean.deployments()[0].records)
        #expect(try grown.deployments()[0].lines == clean.deployments()[0].lines)
    }

    @Test func gzipInputGivesTheSameCounts() throws {
        let tmp = try TempDir()
        let gz = tmp.path("python-app.log.gz")
        try #require(try Shell.run("gzip -c '\(Fixtures.log("python-app.log"))' > '\(gz)'").status == 0)
        let a = try PatternStore(path: tmp.path("a.sqlite"))
        let b = try PatternStore(path: tmp.path("b.sqlite"))
        _ = try index(a, deploy: "v1", [gz])
        _ = try index(b, deploy: "v1", [Fixtures.log("python-app.log")])
        #expect(try counts(a, "v1") == counts(b, "v1"))
        #expect(try index(a, deploy: "v1", [gz]).outcomes[0].status == .unchanged)
    }

    @Test func smallBatchesGiveTheSameResultAsOne() throws {
        let tmp = try TempDir()
        let a = try PatternStore(path: tmp.path("a.sqlite"))
        let b = try PatternStore(path: tmp.path("b.sqlite"))
        _ = try index(a, deploy: "v1", [Fixtures.log("kv-short.log")], batch: 37)
        _ = try index(b, deploy: "v1", [Fixtures.log("kv-short.log")])
        #expect(try counts(a, "v1") == counts(b, "v1"))
        for sql in [
            "SELECT template_id, position, value, count FROM value_count ORDER BY 1, 2, 3",
            // Samples: each batch's lowest priorities enter, the ones pushed out are deleted.
            "SELECT template_id, priority, line, text FROM sample ORDER BY 1, 2",
            "SELECT template_id, minute, count FROM template_minute ORDER BY 1, 2",
        ] {
            let ra = try DatabaseQueue(path: a.path).read { try Row.fetchAll($0, sql: sql) }
            let rb = try DatabaseQueue(path: b.path).read { try Row.fetchAll($0, sql: sql) }
            #expect(ra == rb, "\(sql)")
            #expect(!ra.isEmpty, "\(sql)")
        }
    }

    @Test func levelsTimestampsSamplesAndValuesAreStored() throws {
        let tmp = try TempDir()
        let store = try PatternStore(path: tmp.path("s.sqlite"))
        _ = try index(store, deploy: "v1", [Fixtures.log("python-app.log")])
        let d = try store.deployments(service: "shop")[0]
        #expect(d.firstTimestamp == TimestampParser.millis(2026, 3, 2, 10, 15, 0, 417))
        let stats = try store.templateStats(deployment: d)
        let errors = stats.filter { $0.maxLevel >= .error }
        #expect(!errors.isEmpty)
        let db = try DatabaseQueue(path: store.path)
        let perTemplateSamples = try db.read { try Int.fetchOne($0, sql: "SELECT max(n) FROM (SELECT count(*) n FROM sample GROUP BY template_id)") }
        #expect(perTemplateSamples == IndexBatch.sampleLimit)
        let minutes = try db.read { try Int.fetchOne($0, sql: "SELECT sum(count) FROM template_minute") }
        #expect(minutes == 1400)
        let maxValues = try db.read { try Int.fetchOne($0, sql: "SELECT max(n) FROM (SELECT count(*) n FROM value_count GROUP BY template_id, position)") }
        #expect(maxValues! <= ValueTable.limit)
    }

    @Test func aMissingFileIsReportedAndTheOthersAreIndexed() throws {
        let tmp = try TempDir()
        let store = try PatternStore(path: tmp.path("s.sqlite"))
        let r = try index(store, deploy: "v1", [tmp.path("missing.log"), Fixtures.log("syslog.log")])
        #expect(r.failures == 1)
        guard case .failed(let message) = r.outcomes[0].status else { Issue.record("expected a failure"); return }
        #expect(message.contains("missing.log"))
        #expect(try store.deployments()[0].records == 1200)
    }

    @Test func idsAreStableAcrossDeploymentsAndAGeneralisedTemplateKeepsItsFirstId() throws {
        let tmp = try TempDir()
        let path = tmp.path("s.sqlite")
        var idOf: [String: Int] = [:]
        for (i, names) in [["alpha"], ["bravo", "charlie"], ["delta", "echo", "foxtrot"]].enumerated() {
            let log = tmp.path("d\(i).log")
            let text = names.map { "2026-03-02 10:15:0\(i),000 INFO app.auth: session opened for \($0) from 10.0.0.\(i)" }
            try (text.joined(separator: "\n") + "\n2026-03-02 10:16:00,000 WARNING app.db: pool exhausted after 30s\n").write(toFile: log, atomically: false, encoding: .utf8)
            let store = try PatternStore(path: path)
            _ = try index(store, deploy: "v\(i)", [log])
            for t in try store.templateStats(deployment: store.deployments(service: "shop")[i]) {
                if t.text.hasPrefix("pool exhausted") { idOf["pool v\(i)"] = t.id }
                if t.text.hasPrefix("session opened") { idOf["session v\(i)"] = t.id }
            }
        }
        #expect(idOf["pool v0"] == idOf["pool v1"])
        #expect(idOf["pool v1"] == idOf["pool v2"])
        #expect(idOf["session v0"] == idOf["session v2"])
        let store = try PatternStore(path: path)
        let last = try store.templateStats(deployment: store.deployments(service: "shop")[2])
        #expect(last.contains { $0.text == "session opened for <*> from <*>" && $0.id == idOf["session v0"] })
    }
}
