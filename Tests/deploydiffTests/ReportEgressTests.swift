import Foundation
import Testing

/// What the reports publish: secrets redacted by default in every format (`--no-redact` opts out),
/// report files written safely whatever PATH is, and written even when the gate errors and passes.
@Suite(.serialized) struct ReportEgressTests {
    typealias CLI = CommandLineTests

    static let awsKey = "AKIAIOSFODNN7EXAMPLE"
    static let urlPassword = "s3cr3t-pa55"
    static let password = "hunter2"
    static let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    static let secrets = [awsKey, urlPassword, password, jwt]

    final class Store: @unchecked Sendable {
        let dir: URL
        var db: String { dir.appendingPathComponent("store.sqlite").path }
        init() throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("deploydiff-egress-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let ok = (0..<400).map { "2026-03-0\(1 + $0 % 2) 10:\(String(format: "%02d", $0 % 60)):00,000 INFO app.cart: cart \($0) updated in \($0 % 40)ms" }
            let leaks = (0..<60).flatMap { i in [
                "2026-03-03 10:\(String(format: "%02d", i)):01,000 ERROR app.s3: upload failed with key \(awsKey) for object \(i)",
                "2026-03-03 10:\(String(format: "%02d", i)):02,000 ERROR app.db: cannot connect to https://admin:\(urlPassword)@db.internal/orders attempt \(i)",
                "2026-03-03 10:\(String(format: "%02d", i)):03,000 ERROR app.auth: login rejected password=\(password) user \(i)",
                "2026-03-03 10:\(String(format: "%02d", i)):04,000 ERROR app.auth: session \(jwt) expired for user \(i)",
                "2026-03-03 10:\(String(format: "%02d", i)):05,000 ERROR app.ui: rendered <img src=x onerror=alert(1)> with \u{1B}[31mred\u{1B}[0m \(i)",
            ] }
            try ok.joined(separator: "\n").write(to: dir.appendingPathComponent("v1.log"), atomically: true, encoding: .utf8)
            try (ok + leaks).joined(separator: "\n").write(to: dir.appendingPathComponent("v2.log"), atomically: true, encoding: .utf8)
            for v in ["v1", "v2"] {
                let r = try CLI.run(["index", "--db", db, "--service", "shop", "--deploy", v, "--quiet", dir.appendingPathComponent("\(v).log").path])
                guard r.status == 0 else { throw GateCommandTests.CLIError(message: r.stderr) }
            }
        }
        deinit { try? FileManager.default.removeItem(at: dir) }
        func path(_ n: String) -> String { dir.appendingPathComponent(n).path }
        func run(_ args: [String]) throws -> CLI.Run { try CLI.run(args + ["--db", db, "--service", "shop"]) }
    }

    static let store = Result { try Store() }

    static let formats = ["text", "json", "md", "junit", "github", "html"]

    /// Every format of gate and explain, and diff's three, by file and on stdout.
    static func outputs(_ s: Store, _ extra: [String]) throws -> [String: String] {
        var all: [String: String] = [:]
        for command in ["gate", "explain"] {
            let files = formats.map { "\($0)=\(s.path("\(command).\($0)"))" }
            let r = try s.run([command, "v1", "v2"] + files.flatMap { ["--output", $0] } + extra)
            #expect(r.status != 2, "\(command): \(r.stderr)")
            for f in formats { all["\(command) \(f)"] = try String(contentsOfFile: s.path("\(command).\(f)"), encoding: .utf8) }
            let stdout = try s.run([command, "v1", "v2"] + extra)
            all["\(command) stdout"] = stdout.stdout + stdout.stderr
        }
        for f in ["text", "json", "md"] {
            let r = try s.run(["diff", "v1", "v2", "--format", f] + extra)
            #expect(r.status == 0, "\(r.stderr)")
            all["diff \(f)"] = r.stdout + r.stderr
        }
        return all
    }

    @Test func everyOutputIsRedactedByDefault() throws {
        let s = try Self.store.get()
        let all = try Self.outputs(s, [])
        #expect(all.count == 2 * (Self.formats.count + 1) + 3)
        for (name, text) in all {
            for secret in Self.secrets { #expect(!text.contains(secret), "\(name) publishes \(secret)") }
            #expect(!text.unicodeScalars.contains { $0.value == 0x1B }, "\(name) carries a raw ESC")
        }
        #expect(all["gate md"]!.contains("[REDACTED:aws-key]") || all["gate md"]!.contains("&#91;REDACTED&#58;aws-key&#93;") || all["gate md"]!.contains("&#91;REDACTED:aws-key&#93;"))
        #expect(all["diff json"]!.contains("[REDACTED:jwt]"))
        #expect(all["gate html"]!.contains("https://[REDACTED:credentials]@db.internal"))
        #expect(!all["gate md"]!.contains("<img"), "log text is not HTML in the step summary")
    }

    @Test func noRedactShowsTheRawText() throws {
        let s = try Self.store.get()
        let all = try Self.outputs(s, ["--no-redact"])
        for name in ["gate json", "gate html", "explain json", "explain text", "diff json", "diff text"] {
            for secret in Self.secrets { #expect(all[name]!.contains(secret), "\(name) lacks \(secret) with --no-redact") }
        }
        // Markdown shows them too, escaped as Markdown (a `_` in the JWT becomes `&#95;`).
        for name in ["gate md", "diff md"] {
            for secret in [Self.awsKey, Self.password, Self.urlPassword] { #expect(all[name]!.contains(secret), "\(name) lacks \(secret)") }
        }
        #expect(!all["gate md"]!.contains("<img"), "still escaped: redaction is off, Markdown safety is not")
    }

    @Test func reportFilesRespectWhatPathIs() throws {
        let s = try Self.store.get()
        let fm = FileManager.default
        // An existing regular file is replaced, its mode kept.
        let regular = s.path("existing.md")
        try "old".write(toFile: regular, atomically: true, encoding: .utf8)
        try fm.setAttributes([.posixPermissions: 0o640], ofItemAtPath: regular)
        // A symlink stays a symlink; the file it points at gets the report.
        let target = s.path("target.md")
        try "old".write(toFile: target, atomically: true, encoding: .utf8)
        let link = s.path("link.md")
        try fm.createSymbolicLink(atPath: link, withDestinationPath: target)
        // A FIFO stays a FIFO; its reader gets the report.
        let fifo = s.path("fifo.md")
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/cat")
        reader.arguments = [fifo]
        let pipe = Pipe()
        reader.standardOutput = pipe
        try reader.run()

        let r = try s.run(["gate", "v1", "v2", "--output", "md=\(regular)", "--output", "md=\(link)", "--output", "md=\(fifo)",
                           "--output", "json=/dev/stdout", "--output", "junit=/dev/null"])
        #expect(r.status != 2, "\(r.stderr)")
        var st = stat()
        let stillFIFO = lstat(fifo, &st) == 0 && st.st_mode & S_IFMT == S_IFIFO
        #expect(stillFIFO, "the FIFO is kept")
        if !stillFIFO { reader.terminate() }  // it would wait for a writer forever
        let fromFIFO = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        reader.waitUntilExit()
        #expect(fromFIFO.hasPrefix("# ") && fromFIFO.contains("deploydiff gate: "))
        #expect(try String(contentsOfFile: regular, encoding: .utf8) == fromFIFO)
        #expect((try fm.attributesOfItem(atPath: regular)[.posixPermissions] as? Int) == 0o640)
        #expect((try? fm.destinationOfSymbolicLink(atPath: link)) == target, "the link is kept")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == fromFIFO)
        #expect(stat("/dev/null", &st) == 0 && st.st_mode & S_IFMT == S_IFCHR, "/dev/null is still a device")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "the JSON went to stdout: \(r.stdout.prefix(200))")
        #expect((json["gate"] as? [String: Any])?["decision"] is String)
        let left = try fm.contentsOfDirectory(atPath: s.dir.path)
        #expect(left.allSatisfy { !$0.hasPrefix(".") }, "no temporary file left")

        let dir = s.path("a-directory")
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let refused = try s.run(["gate", "v1", "v2", "--output", "md=\(dir)"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("\(dir): cannot write the report: a directory"), "\(refused.stderr)")
    }

    @Test func anErrorPassedOnRequestStillWritesEveryReport() throws {
        let s = try Self.store.get()
        let files = Self.formats.map { ($0, s.path("error.\($0)")) }
        for (_, p) in files { try? FileManager.default.removeItem(atPath: p) }
        let r = try s.run(["gate", "v0", "v2", "--fail-on-error-as-pass"] + files.flatMap { ["--output", "\($0.0)=\($0.1)"] })
        #expect(r.status == 0)
        #expect(r.stderr.contains("no deployment 'v0'"))
        for (format, p) in files {
            let text = try String(contentsOfFile: p, encoding: .utf8)
            #expect(text.contains("no deployment"), "\(format): \(text)")
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: s.path("error.json")))) as? [String: Any])
        #expect((json["gate"] as? [String: Any])?["decision"] as? String == "error")
        #expect(try String(contentsOfFile: s.path("error.junit"), encoding: .utf8).contains("errors=\"1\""))
        let stdout = try s.run(["gate", "v0", "v2", "--fail-on-error-as-pass", "--format", "json"])
        #expect(stdout.status == 0)
        #expect(stdout.stdout.contains("\"decision\":\"error\""))
    }
}
