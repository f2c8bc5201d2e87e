import Foundation
import GRDB
import PatternStore
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Issue 12 through the built binary: streams, the gate's refusals, the store's file on disk.
@Suite(.serialized) struct StoreSafetyTests {
    typealias CLI = CommandLineTests
    typealias Temp = IndexCommandTests.Temp

    static func bash(_ script: String, in dir: String? = nil) throws -> CLI.Run {
        try ProcessRun.run(
            URL(fileURLWithPath: "/bin/bash"), ["-c", script], environment: ["BIN": CLI.binary.path], directory: dir.map { URL(fileURLWithPath: $0) })
    }

    static func records(_ db: String) -> Int { IndexCommandTests.committedRecords(db) }

    // MARK: Standard input and other streams

    @Test func theSameStdinBatchTwiceCountsOnce() throws {
        let tmp = try Temp()
        let log = tmp.path("app.log")
        try IndexCommandTests.writeLog(log, lines: 2_000, seed: 3)
        let data = try Data(contentsOf: URL(fileURLWithPath: log))
        let db = tmp.path("s.sqlite")
        for _ in 0..<2 {
            let r = try CLI.run(["index", "--db", db, "--deploy", "v1", "-"], stdin: data)
            #expect(r.status == 0, "\(r.stderr)")
        }
        #expect(Self.records(db) == 2_000)
    }

    /// Killed while reading standard input, then fed the whole stream again: the run continues
    /// where the last commit ended.
    @Test func stdinKilledMidRunThenRerunEqualsACleanRun() throws {
        let tmp = try Temp()
        let log = tmp.path("app.log")
        try IndexCommandTests.writeLog(log, lines: 40_000, seed: 5)
        let data = try Data(contentsOf: URL(fileURLWithPath: log))
        let db = tmp.path("crashed.sqlite")
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["index", "--db", db, "--deploy", "v1", "--batch", "500", "--quiet", "-"]
        let input = Pipe()
        p.standardInput = input
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Half the stream, then wait for commits, then kill: the writer is still open.
        try input.fileHandleForWriting.write(contentsOf: data.prefix(data.count / 2))
        let deadline = Date().addingTimeInterval(60)
        while Self.records(db) < 2_000, Date() < deadline { usleep(5_000) }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        try? input.fileHandleForWriting.close()
        #expect(Self.records(db) > 0)
        #expect(Self.records(db) < 40_000)
        let r = try CLI.run(["index", "--db", db, "--deploy", "v1", "-"], stdin: data)
        #expect(r.status == 0, "\(r.stderr)")
        let clean = tmp.path("clean.sqlite")
        _ = try CLI.run(["index", "--db", clean, "--deploy", "v1", log])
        #expect(try IndexCommandTests.counts(db, "v1") == IndexCommandTests.counts(clean, "v1"))
        #expect(Self.records(db) == 40_000)
    }

    /// A FIFO with data and process substitution read as streams (was "Illegal seek").
    @Test func aFIFOAndProcessSubstitutionAreRead() throws {
        let tmp = try Temp()
        let log = tmp.path("app.log")
        try IndexCommandTests.writeLog(log, lines: 1_000, seed: 9)
        let r = try Self.bash(
            """
            mkfifo fifo
            cat app.log > fifo &
            "$BIN" index --db a.sqlite --deploy v1 fifo && "$BIN" index --db b.sqlite --deploy v1 <(cat app.log)
            """, in: tmp.url.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.records(tmp.path("a.sqlite")) == 1_000)
        #expect(Self.records(tmp.path("b.sqlite")) == 1_000)
    }

    /// A FIFO nobody writes to blocked forever while holding the service lock.
    @Test func aFIFOWithNoWriterIsAnErrorAndReleasesTheLock() throws {
        let tmp = try Temp()
        let log = tmp.path("app.log")
        try IndexCommandTests.writeLog(log, lines: 100, seed: 1)
        #expect(mkfifo(tmp.path("fifo"), 0o600) == 0)
        let r = try CLI.run(["index", "--db", tmp.path("s.sqlite"), "--deploy", "v1", tmp.path("fifo"), log])
        #expect(r.status == 2)
        #expect(r.stderr.contains("fifo"))
        #expect(r.stderr.contains("no writer"))
        #expect(Self.records(tmp.path("s.sqlite")) == 100)
    }

    // MARK: The gate's refusals

    /// A baseline and a candidate that adds 100 records of a new ERROR template.
    static func regression(_ tmp: Temp) throws -> String {
        let db = tmp.path("s.sqlite")
        try IndexCommandTests.writeLog(tmp.path("v1.log"), lines: 2_000, seed: 11)
        var v2 = try String(contentsOfFile: tmp.path("v1.log"), encoding: .utf8)
        for i in 0..<100 { v2 += "2026-03-02 10:59:\(10 + i % 40),000 ERROR app.db: connection refused by primary replica-\(i % 3)\n" }
        try v2.write(toFile: tmp.path("v2.log"), atomically: false, encoding: .utf8)
        for v in ["v1", "v2"] { #expect(try CLI.run(["index", "--db", db, "--deploy", v, "--quiet", tmp.path("\(v).log")]).status == 0) }
        return db
    }

    /// Without a repository no change is classified, and the strict preset's rules (which name
    /// classifications) matched nothing: 100 new ERROR records passed.
    @Test func withoutARepositoryANewErrorTemplateFailsTheStrictGate() throws {
        let tmp = try Temp()
        let db = try Self.regression(tmp)
        let r = try CLI.run(["gate", "--db", db, "--preset", "strict", "v1", "v2"])
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        let d = try CLI.run(["gate", "--db", db, "v1", "v2"])
        #expect(d.status == 1, "\(d.stdout)\(d.stderr)")
    }

    @Test func aFailingGateWhoseReaderLeftExitsOne() throws {
        let tmp = try Temp()
        let db = try Self.regression(tmp)
        let r = try Self.bash("\"$BIN\" gate --db '\(db)' v1 v2 | true; echo \"${PIPESTATUS[0]}\"")
        #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
    }

    @Test func aFailedIndexLeavesNoDeploymentAndTheGateRefusesEmptyOnes() throws {
        let tmp = try Temp()
        let db = tmp.path("s.sqlite")
        try IndexCommandTests.writeLog(tmp.path("v1.log"), lines: 2_000, seed: 2)
        #expect(try CLI.run(["index", "--db", db, "--deploy", "v1", tmp.path("v1.log")]).status == 0)
        let failed = try CLI.run(["index", "--db", db, "--deploy", "v2", tmp.path("missing.log")])
        #expect(failed.status == 2)
        let listed = try CLI.run(["deploys", "--db", db])
        #expect(!listed.stdout.contains("v2"))
        let gate = try CLI.run(["gate", "--db", db])
        #expect(gate.status == 2, "\(gate.stdout)")
        // An empty deployment left by an older version is refused by name.
        try DatabaseQueue(path: db).write {
            try $0.execute(sql: "INSERT INTO deployment(service_id, name, indexed_at) SELECT id, 'v3', '2026-12-01T00:00:00Z' FROM service")
        }
        let empty = try CLI.run(["gate", "--db", db, "v1", "v3"])
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("v3"))
        #expect(empty.stderr.contains("no records"))
    }

    // MARK: The store on disk

    /// A copy of the store taken after the writer finished holds everything: the WAL was
    /// checkpointed into the main file.
    @Test func aCopyOfTheStoreAfterIndexIsComplete() throws {
        let tmp = try Temp()
        try IndexCommandTests.writeLog(tmp.path("app.log"), lines: 5_000, seed: 4)
        let db = tmp.path("s.sqlite")
        #expect(try CLI.run(["index", "--db", db, "--deploy", "v1", tmp.path("app.log")]).status == 0)
        try FileManager.default.copyItem(atPath: db, toPath: tmp.path("copy.sqlite"))
        #expect(Self.records(tmp.path("copy.sqlite")) == 5_000)
    }

    @Test func theStoreIsPrivateToItsOwner() throws {
        let tmp = try Temp()
        try IndexCommandTests.writeLog(tmp.path("app.log"), lines: 100, seed: 4)
        let db = tmp.path("new/s.sqlite")
        #expect(try CLI.run(["index", "--db", db, "--deploy", "v1", tmp.path("app.log")]).status == 0)
        let mode = try FileManager.default.attributesOfItem(atPath: db)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func readingCommandsDoNotCreateAStore() throws {
        let tmp = try Temp()
        let db = tmp.path("none.sqlite")
        for args in [["deploys"], ["templates", "--deploy", "v1"], ["diff", "a", "b"], ["gate", "a", "b"]] {
            let r = try CLI.run(args + ["--db", db])
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr.contains("no store"), "\(args): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: db), "\(args)")
        }
    }

    /// A store that cannot be written (a read-only copy, another user's file) is read by the
    /// commands that only read. As root, the reading command runs as `nobody`.
    @Test func aReadOnlyStoreIsReadable() throws {
        let tmp = try Temp()
        try IndexCommandTests.writeLog(tmp.path("app.log"), lines: 500, seed: 4)
        let dir = tmp.path("ro")
        let db = dir + "/s.sqlite"
        #expect(try CLI.run(["index", "--db", db, "--deploy", "v1", tmp.path("app.log")]).status == 0)
        chmod(db, 0o444)
        chmod(dir, 0o555)
        chmod(tmp.url.path, 0o755)
        defer { chmod(dir, 0o755) }
        let asOther = getuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : ""
        let r = try Self.bash("\(asOther)\"$BIN\" deploys --db '\(db)' && \(asOther)\"$BIN\" templates --deploy v1 --db '\(db)'", in: "/")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("v1"))
        #expect(r.stdout.contains("served GET"))
        // Writing is refused with what to do, not "the store is damaged".
        let w = try Self.bash("\(asOther)\"$BIN\" index --deploy v2 --db '\(db)' '\(tmp.path("app.log"))'", in: "/")
        #expect(w.status == 2)
        #expect(w.stderr.contains("read-only"), "\(w.stderr)")
        #expect(!w.stderr.contains("damaged"))
    }

    /// One deploy in the CSV: records before its time belong to no deployment.
    @Test func aOneLineDeploysFileStillSplitsByTime() throws {
        let tmp = try Temp()
        try "v1.1.0,2026-03-02T10:30:00Z\n".write(toFile: tmp.path("deploys.csv"), atomically: false, encoding: .utf8)
        let log = [
            "2026-03-02 10:05:00,000 INFO app: request served in 12ms",
            "2026-03-02 10:29:59,999 INFO app: request served in 7ms",
            "2026-03-02 10:30:00,000 INFO app: request served in 9ms",
        ].joined(separator: "\n") + "\n"
        try log.write(toFile: tmp.path("app.log"), atomically: false, encoding: .utf8)
        let r = try CLI.run(["index", "--db", tmp.path("s.sqlite"), "--by-tags", "--deploys", tmp.path("deploys.csv"), tmp.path("app.log")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.records(tmp.path("s.sqlite")) == 1)
    }
}

/// Issue 14: a header format that matches few lines is reported, never mined into one record silently.
@Suite struct UnmatchedHeaderTests {
    typealias CLI = CommandLineTests

    @Test func indexRefusesAnInputTheFormatDoesNotMatchUnlessAllowed() throws {
        let tmp = try IndexCommandTests.Temp()
        let log = tmp.path("syslog.log")
        let lines = (0..<40).map { "Jun 14 15:16:\(10 + $0 % 50) combo sshd[\($0)]: session opened for user u\($0 % 7)" }
        try (lines.joined(separator: "\n") + "\n").write(toFile: log, atomically: false, encoding: .utf8)
        let wrong = "<Date> <Time> \\[<Level>\\] <Content>"
        let r = try CLI.run(["index", "--db", tmp.path("s.sqlite"), "--deploy", "v1", "--log-format", wrong, log])
        #expect(r.status == 2)
        #expect(r.stderr.contains("matched 0 of the first 40 lines"), "\(r.stderr)")
        #expect(r.stderr.contains("line 1: Jun 14 15:16:10 combo sshd[0]"))
        #expect(r.stderr.contains("--allow-unmatched"))
        #expect(IndexCommandTests.committedRecords(tmp.path("s.sqlite")) == 0)
        let allowed = try CLI.run(["index", "--db", tmp.path("s.sqlite"), "--deploy", "v1", "--allow-unmatched", "--log-format", wrong, log])
        #expect(allowed.status == 0)
        let parse = try CLI.run(["parse", "--log-format", wrong, log])
        #expect(parse.stderr.contains("warning: the header format matched 0 of the first 40 lines"))
        // The right format, optional group and all, matches every line.
        let right = try CLI.run(["parse", "--log-format", "<Month> <Date> <Time> <Level> <Component>(\\[<PID>\\])?: <Content>", "--format", "templates", log])
        #expect(right.status == 0)
        #expect(!right.stderr.contains("warning"))
        #expect(right.stdout.hasPrefix("40\t"), "\(right.stdout)")
    }
}
