import Foundation
import Testing

/// Inputs that used to be accepted and then miscounted or misprinted: refused up front, or written
/// so that they read back the same.
@Suite struct InputValidationTests {
    typealias CLI = CommandLineTests

    final class Scratch: @unchecked Sendable {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("deploydiff-input-\(UUID().uuidString)")
        init() throws { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: dir) }
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        func write(_ name: String, _ text: String) throws -> String {
            try text.write(toFile: path(name), atomically: true, encoding: .utf8)
            return path(name)
        }
    }

    // MARK: Names

    @Test(arguments: [
        ("", "empty"), ("   ", "empty"), ("v1\nv2", "line break (U+000A)"), ("v1\r", "line break (U+000D)"),
        ("v1\u{1B}[31m", "control character (U+001B)"), ("v\u{7F}1", "control character (U+007F)"),
        ("v1\u{2028}", "line break (U+2028)"), ("v1\u{202E}", "control character (U+202E)"), (" v1", "starts or ends with a space"),
    ])
    func badDeploymentNamesAreUsageErrors(name: String, says: String) throws {
        let s = try Scratch()
        let log = try s.write("a.log", "hello\n")
        let r = try CLI.run(["index", "--db", s.path("db.sqlite"), "--deploy", name, "--quiet", log])
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains("--deploy"), "\(r.stderr)")
        #expect(r.stderr.contains(says), "\(r.stderr)")
        let message = r.stderr.prefix { $0 != "\n" }
        #expect(message.hasPrefix("deploydiff: --deploy "), "\(r.stderr)")
        #expect(!message.unicodeScalars.contains { $0.properties.generalCategory == .control || $0.value == 0x2028 || $0.value == 0x202E }, "the name is escaped")
        #expect(!FileManager.default.fileExists(atPath: s.path("db.sqlite")), "nothing was written")
        let t = try CLI.run(["templates", "--db", s.path("db.sqlite"), "--deploy", name])
        #expect(t.status == 64, "\(t.stderr)")
        #expect(t.stderr.contains("--deploy"))
    }

    @Test(arguments: ["", "shop\nfront", "shop\t", "\u{0}shop"])
    func badServiceNamesAreUsageErrors(name: String) throws {
        let s = try Scratch()
        let log = try s.write("a.log", "hello\n")
        let r = try CLI.run(["index", "--db", s.path("db.sqlite"), "--service", name, "--deploy", "v1", "--quiet", log])
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains("--service"), "\(r.stderr)")
        let d = try CLI.run(["deploys", "--db", s.path("db.sqlite"), "--service", name])
        #expect(d.status == 64, "\(d.stderr)")
        #expect(!FileManager.default.fileExists(atPath: s.path("db.sqlite")))
    }

    @Test func ordinaryNamesStillIndex() throws {
        let s = try Scratch()
        let log = try s.write("a.log", "hello\n")
        let r = try CLI.run(["index", "--db", s.path("db.sqlite"), "--service", "shop-eu", "--deploy", "v1.2.0+build.7 (canary) é", "--quiet", log])
        #expect(r.status == 0, "\(r.stderr)")
        let d = try CLI.run(["deploys", "--db", s.path("db.sqlite"), "--service", "shop-eu"])
        #expect(d.stdout.contains("v1.2.0+build.7 (canary) é"))
    }

    // MARK: Policies

    @Test func policyCheckRefusesValuesThatWouldPassAGateByAccident() throws {
        let s = try Scratch()
        for (text, says) in [
            ("version: 2\n", "p.yml:1: 'version'"), ("rules:\n  - name: x\n    minLevel: LOUD\n    action: fail\n", "p.yml:3: 'rules[0].minLevel'"),
            ("rules:\n  - name: x\n    maxQ: -1\n    action: fail\n", "p.yml:3: 'rules[0].maxQ'"),
        ] {
            let policy = try s.write("p.yml", text)
            let r = try CLI.run(["policy", "check", policy])
            #expect(r.status == 2, "\(text) was accepted: \(r.stdout)")
            #expect(r.stderr.contains(says), "\(r.stderr)")
        }
    }

    // MARK: Log formats

    @Test func aLogFormatWithoutContentIsAUsageError() throws {
        let r = try CLI.run(["parse", "--log-format", "<Date> <Time> <Level>", "fixtures/logs/syslog.log"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("must contain <Content>"), "\(r.stderr)")
    }

    // MARK: CSV

    /// A comma or quote followed by a combining mark is one Character with the mark: the field
    /// must still be quoted, and its quotes doubled, or the row splits in the wrong place.
    @Test func csvQuotesCommasAndQuotesCarryingCombiningMarks() throws {
        let s = try Scratch()
        let name = "x,\u{301}y.log"
        let log = try s.write(name, "say \"\u{301}hi,\u{301} there\n")
        let one = try CLI.run(["parse", "--format", "csv", log])
        #expect(one.status == 0, "\(one.stderr)")
        let rows = one.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(Array(rows[1].utf8) == Array("1,T1,\"say \"\"\u{301}hi,\u{301} there\"".utf8), "\(rows[1].debugDescription)")
        let two = try CLI.run(["parse", "--format", "csv", log, log])
        let row = two.stdout.split(separator: "\n")[1]
        #expect(Array(row.utf8) == Array("\"\(log)\",1,T1,\"say \"\"\u{301}hi,\u{301} there\"".utf8), "\(row.debugDescription)")
        #expect(Self.csvFields(String(row)).count == 4)
    }

    @Test func csvLeavesPlainFieldsAlone() throws {
        let s = try Scratch()
        let log = try s.write("plain.log", "caf\u{E9} ready\n")
        let r = try CLI.run(["parse", "--format", "csv", log])
        #expect(r.stdout.split(separator: "\n")[1] == "1,T1,caf\u{E9} ready")
    }

    /// RFC 4180 fields, split on unicode scalars.
    static func csvFields(_ row: String) -> [String] {
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var quoted = false
        var it = Array(row.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar? = nil
        while let u = pending ?? it.next() {
            pending = nil
            if quoted {
                if u == "\"" {
                    if let n = it.next() {
                        if n == "\"" { field.append("\"") } else { quoted = false; pending = n }
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(u)
                }
            } else if u == "\"" {
                quoted = true
            } else if u == "," {
                fields.append(String(field))
                field = String.UnicodeScalarView()
            } else {
                field.append(u)
            }
        }
        fields.append(String(field))
        return fields
    }
}
