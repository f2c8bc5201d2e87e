import Foundation
import Testing
import TestSupport

/// End-to-end: the built binary, its stdout, stderr and exit code.
@Suite struct CommandLineTests {
    static let root = FixtureScript.root

    static var binary: URL {
        if let p = ProcessInfo.processInfo.environment["DEPLOYDIFF_BIN"] { return URL(fileURLWithPath: p) }
        return root.appendingPathComponent(".build/debug/deploydiff")
    }

    typealias Run = ProcessRun

    /// - Parameter environment: variables added for this run only (an empty value unsets one for deploydiff).
    static func run(_ args: [String], stdin: Data? = nil, environment: [String: String] = [:]) throws -> Run {
        try ProcessRun.run(binary, args, environment: environment, directory: root, stdin: stdin)
    }

    @Test func versionAndHelp() throws {
        let v = try Self.run(["--version"])
        #expect(v.status == 0)
        // "0.1.0 (commit unknown)" from `swift build`; scripts/dist.sh embeds the commit (make dist-test checks it).
        let line = v.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(line.wholeMatch(of: /\d+\.\d+\.\d+ \(commit ([0-9a-f]{7,40}(-dirty)?|unknown)\)/) != nil, "\(line)")
        let h = try Self.run(["parse", "--help"])
        #expect(h.status == 0)
        #expect(h.stdout.contains("--log-format"))
    }

    @Test func usageErrorsExit64() throws {
        let r = try Self.run(["parse", "--no-such-flag"])
        #expect(r.status == 64)
        #expect(r.stderr.hasPrefix("deploydiff: "))
        let f = try Self.run(["parse", "--format", "xml", "fixtures/logs/syslog.log"])
        #expect(f.status == 64)
    }

    @Test func aMissingFileIsNamedAndTheOthersStillParse() throws {
        let r = try Self.run(["parse", "--format", "csv", "fixtures/logs/syslog.log", "no/such.log", "fixtures/logs/kv-short.log"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("deploydiff: no/such.log: cannot read"))
        let rows = r.stdout.split(separator: "\n")
        #expect(rows.first == "File,LineId,EventId,EventTemplate")
        #expect(rows.count == 1 + 1200 + 1500)
    }

    @Test func aBadLogFormatIsAUsageError() throws {
        let r = try Self.run(["parse", "--log-format", "<Level><Content>", "fixtures/logs/syslog.log"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("two fields"))
    }

    @Test func csvHasOneRowPerRecordWithTheLoghubLayout() throws {
        let r = try Self.run(["parse", "--format", "csv", "fixtures/logs/python-app.log"])
        #expect(r.status == 0)
        let rows = r.stdout.split(separator: "\n")
        #expect(rows.first == "LineId,EventId,EventTemplate")
        #expect(rows.count == 1 + 1400)
        #expect(rows[1].hasPrefix("1,T"))
    }

    @Test func jsonlCarriesLevelTimestampAndParameters() throws {
        let r = try Self.run(["parse", "--format", "jsonl", "--log-format", "<Date> <Time> <Level> <Component>: <Content>", "-"],
            stdin: Data("2026-03-02 10:15:03,123 ERROR app.db: query took 153ms\n".utf8))
        #expect(r.status == 0)
        let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(obj["level"] as? String == "ERROR")
        #expect(obj["component"] as? String == "app.db")
        #expect(obj["timestamp"] as? String == "2026-03-02 10:15:03,123")
        #expect(obj["template"] as? String == "query took <*>")
        #expect(obj["parameters"] as? [String] == ["153ms"])
        #expect(obj["line"] as? Int == 1)
    }

    @Test func templatesFromStandardInput() throws {
        let input = (0..<50).map { "worker \($0) started in \($0 * 3)ms" }.joined(separator: "\n")
        let r = try Self.run(["parse"], stdin: Data(input.utf8))
        #expect(r.status == 0)
        #expect(r.stdout == "50\tT1\tworker <*> started in <*>\n")
    }

    /// More output than a pipe buffer holds, read by `head -1`: the write fails with EPIPE.
    @Test func aClosedPipeExitsZero() throws {
        let q = Process()
        q.executableURL = URL(fileURLWithPath: "/bin/bash")
        q.arguments = ["-c", "set -o pipefail; '\(Self.binary.path)' parse --format csv fixtures/logs/java-service.log fixtures/logs/python-app.log fixtures/logs/syslog.log | head -1 >/dev/null"]
        q.currentDirectoryURL = Self.root
        try q.run()
        q.waitUntilExit()
        #expect(q.terminationStatus == 0)
    }

    @Test func aDirectoryIsAClearError() throws {
        let r = try Self.run(["parse", "fixtures"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("fixtures: cannot read: it is a directory"))
    }
}
