import Foundation
import Testing
import TestSupport

/// Five deployments of a cart service (fixtures/history/build.sh): a bug fixed in v1.1.0 is back
/// with the same trace in v1.2.0, fixed again in v1.3.0 (which also slows every order down), and
/// back with a near-identical trace in v1.4.0. Each step is diffed in order, as CI's gate would.
@Suite(.serialized) struct HistoryTests {
    typealias CLI = CommandLineTests

    final class Fixture: @unchecked Sendable {
        let dir: URL
        let db: String
        /// Each step's `explain --format json`, by candidate.
        var steps: [String: [String: Any]] = [:]
        static let versions = ["v1.0.0", "v1.1.0", "v1.2.0", "v1.3.0", "v1.4.0"]

        init() throws {
            dir = try FixtureScript.temporaryDirectory("deploydiff-history")
            try FixtureScript.run("fixtures/history/build.sh", [dir.path])
            db = dir.appendingPathComponent("store.sqlite").path
            for v in Self.versions {
                let r = try CLI.run(["index", "--db", db, "--service", "cart", "--deploy", v, "--quiet", dir.appendingPathComponent("logs/\(v).log").path])
                guard r.status == 0 else { throw GateCommandTests.CLIError(message: r.stderr) }
            }
            for (a, b) in zip(Self.versions, Self.versions.dropFirst()) {
                let r = try run(["explain", a, b, "--format", "json"])
                guard r.status == 0 else { throw GateCommandTests.CLIError(message: r.stderr) }
                steps[b] = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            }
        }
        deinit { try? FileManager.default.removeItem(at: dir) }
        var repo: String { dir.appendingPathComponent("repo").path }
        func path(_ n: String) -> String { dir.appendingPathComponent(n).path }
        func run(_ args: [String]) throws -> CLI.Run { try CLI.run(args + ["--db", db, "--service", "cart", "--repo", repo]) }
        func plain(_ args: [String]) throws -> CLI.Run { try CLI.run(args + ["--db", db, "--service", "cart"]) }

        /// The commit whose subject is `subject`, from the fixture's repository.
        func commit(_ subject: String) throws -> String {
            let r = try ProcessRun.run(URL(fileURLWithPath: "/usr/bin/git"), ["-C", repo, "log", "--format=%H %s"], directory: dir)
            let line = try #require(r.stdout.split(separator: "\n").first { $0.hasSuffix(" " + subject) })
            return String(line.prefix(40))
        }

        func changes(_ v: String) -> [[String: Any]] { ((steps[v]?["diff"] as? [String: Any])?["changes"] as? [[String: Any]]) ?? [] }
        func incidents(_ v: String) -> [[String: Any]] { ((steps[v]?["diff"] as? [String: Any])?["incidents"] as? [[String: Any]]) ?? [] }
        func finding(_ v: String) -> [String: Any] { (steps[v]?["finding"] as? [String: Any]) ?? [:] }
    }

    static let fixture = Result { try Fixture() }

    @Test func theFixedBugBackWithTheSameTraceIsARecurrenceNamingTheFix() throws {
        let f = try Self.fixture.get()
        let r = try #require(f.changes("v1.2.0").first { $0["kind"] as? String == "recurrence" })
        #expect(f.changes("v1.2.0").first?["kind"] as? String == "recurrence", "ranked first")
        let rec = try #require(r["recurrence"] as? [String: Any])
        #expect(rec["basis"] as? String == "trace")
        #expect(rec["similarity"] as? Double == 1)
        #expect(rec["vanishedIn"] as? String == "v1.1.0")
        #expect(rec["fixHeld"] as? Bool == false)
        #expect(rec["trace"] as? String == "KeyError in cart.py add_item()")
        let fix = try #require(rec["fix"] as? [String: Any])
        #expect(fix["id"] as? String == (try f.commit("guard missing sku")))
        #expect(fix["subject"] as? String == "guard missing sku")
        let finding = f.finding("v1.2.0")
        #expect(finding["verdict"] as? String == "regression")
        let title = try #require(finding["title"] as? String)
        #expect(title.contains("Recurrence in v1.2.0") && title.contains("guard missing sku") && title.contains("did not hold"), "\(title)")
    }

    @Test func aNearIdenticalTraceIsMatchedWithItsSimilarity() throws {
        let f = try Self.fixture.get()
        let r = try #require(f.changes("v1.4.0").first { $0["kind"] as? String == "recurrence" })
        let rec = try #require(r["recurrence"] as? [String: Any])
        #expect(rec["basis"] as? String == "similar-trace")
        #expect(rec["similarity"] as? Double == 0.67)
        #expect(rec["frameBefore"] as? String == "cart.py handle_add")
        #expect(rec["frameNow"] as? String == "cart.py handle_add_batch")
        #expect(rec["vanishedIn"] as? String == "v1.3.0")
        #expect((rec["fix"] as? [String: Any])?["id"] as? String == (try f.commit("restore sku guard")))
        // A reworded message: the template is new, only the trace says it is the same bug.
        #expect((r["template"] as? [String: Any])?["text"] as? String != nil)
        #expect(rec["fixedTemplate"] as? Int != (r["template"] as? [String: Any])?["id"] as? Int)
        #expect((r["detail"] as? String)?.contains("similarity 0.67") == true)
    }

    @Test func aFixThatHoldsIsNoRecurrenceAndNothingRecursInTheFixSteps() throws {
        let f = try Self.fixture.get()
        for v in ["v1.1.0", "v1.3.0"] {
            #expect(!f.changes(v).contains { $0["kind"] as? String == "recurrence" }, "\(v)")
        }
    }

    @Test func aSilentDropPerMinuteIsItsOwnIncident() throws {
        let f = try Self.fixture.get()
        let silent = try #require(f.incidents("v1.3.0").first { $0["kind"] as? String == "silent-degradation" })
        let ids = try #require(silent["changes"] as? [String])
        let drop = try #require(f.changes("v1.3.0").first { ids.contains($0["id"] as? String ?? "") })
        #expect((drop["template"] as? [String: Any])?["text"] as? String == "order <*> completed in <*>")
        #expect(drop["kind"] as? String == "rate-decrease")
        #expect((drop["detail"] as? String)?.contains("per minute of log time") == true)
        // Per record the share barely moved: the whole service logs less.
        #expect(((drop["ratio"] as? Double) ?? 0) > 0.8)
        let title = try #require(f.finding("v1.3.0")["title"] as? String)
        #expect(title.hasPrefix("Silent degradation in v1.3.0"), "\(title)")
        // Where an error rises (v1.2.0, v1.4.0) nothing is called silent.
        for v in ["v1.2.0", "v1.4.0"] { #expect(!f.incidents(v).contains { $0["kind"] as? String == "silent-degradation" }, "\(v)") }
    }

    @Test func aTemplatesHistoryInTextAndJSON() throws {
        let f = try Self.fixture.get()
        let json = try f.plain(["history", "add_item failed*", "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((root["deployments"] as? [[String: Any]])?.map { $0["name"] as? String } == Fixture.versions)
        let t = try #require((root["templates"] as? [[String: Any]])?.first)
        let id = try #require(t["id"] as? Int)
        #expect((t["counts"] as? [[String: Any]])?.map { ($0["count"] as? Int ?? -1) > 0 } == [true, false, true, false, false])
        #expect((t["firstSeen"] as? [String: Any])?["deployment"] as? String == "v1.0.0")
        #expect((t["lastSeen"] as? [String: Any])?["deployment"] as? String == "v1.2.0")
        let fixes = try #require(t["fixes"] as? [[String: Any]])
        #expect(fixes.map { $0["vanishedIn"] as? String } == ["v1.1.0", "v1.3.0"])
        #expect(fixes.map { $0["held"] as? Bool } == [false, false])
        #expect(fixes.map { $0["backIn"] as? String } == ["v1.2.0", "v1.4.0"])
        #expect(fixes[0]["commitSubject"] as? String == "guard missing sku")
        #expect(fixes[1]["backAs"] as? Int != id, "back under the reworded template")
        let events = try #require(t["events"] as? [[String: Any]])
        #expect(events.contains { $0["deployment"] as? String == "v1.1.0" && $0["kind"] as? String == "vanished" && $0["commit"] as? String == (try? f.commit("guard missing sku")) })

        let text = try f.plain(["history", "T\(id)"])
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("DEPLOYMENT") && $0.contains("RECORDS") && $0.contains("WHAT THE DIFF FOUND") })
        #expect(lines.contains { $0.hasPrefix("v1.1.0") && $0.contains("vanished vs v1.0.0") && $0.contains("guard missing sku") })
        #expect(lines.contains { $0.hasPrefix("fix in v1.1.0") && $0.contains("did not hold, back in v1.2.0") })
        #expect(lines.allSatisfy { $0.last.map { !$0.isWhitespace } ?? true })

        let all = try f.plain(["history", "--since", "36500d", "--format", "json"])
        let every = try #require(try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [String: Any])
        #expect((every["deployments"] as? [[String: Any]])?.count == 5)
        #expect(((every["templates"] as? [[String: Any]])?.count ?? 0) > 1, "without a template: every template")
        let none = try f.plain(["history", "--since", "1m"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("no deployment in that time range"))
        // The library says what is wrong; the executable adds the flag that fixes it.
        #expect(none.stderr.contains("(a longer --since; deploydiff deploys lists what is indexed)"), "\(none.stderr)")
        let bad = try f.plain(["history", "--since", "soon"])
        #expect(bad.status == 64)
    }

    @Test func deploysShowsEachVerdict() throws {
        let f = try Self.fixture.get()
        let r = try f.plain(["deploys"])
        let rows = r.stdout.split(separator: "\n")
        #expect(rows.first?.contains("VERDICT") == true)
        #expect(rows.contains { $0.contains("v1.2.0") && $0.contains("regression vs v1.1.0") && $0.contains("recurrence") })
        #expect(rows.contains { $0.hasPrefix("cart") && $0.contains("v1.0.0") && $0.hasSuffix("-") })
        let json = try f.plain(["deploys", "--format", "json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(list.first?["review"] == nil, "no diff ran with v1.0.0 as the candidate")
        let review = try #require(list.first { $0["name"] as? String == "v1.2.0" }?["review"] as? [String: Any])
        #expect(review["baseline"] as? String == "v1.1.0")
        #expect(review["verdict"] as? String == "regression")
        #expect((review["changes"] as? [String: Int])?["recurrence"] == 1)
    }

    @Test func theGateFailsOnARecurrenceWhenThePolicySaysSo() throws {
        let f = try Self.fixture.get()
        // v1.4.0's error is written by an added statement: the default preset only warns on it.
        let lenient = try f.run(["gate", "v1.3.0", "v1.4.0"])
        #expect(lenient.status == 0, "\(lenient.stdout)")
        let policy = f.path("policy.yml")
        try "preset: default\nrules:\n  - name: no-recurrence\n    kinds: [recurrence]\n    action: fail\n".write(toFile: policy, atomically: true, encoding: .utf8)
        let strict = try f.run(["gate", "v1.3.0", "v1.4.0", "--policy", policy, "--format", "json"])
        #expect(strict.status == 1, "\(strict.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(strict.stdout.utf8)) as? [String: Any])
        let violations = try #require((root["gate"] as? [String: Any])?["violations"] as? [[String: Any]])
        #expect(violations.contains { $0["rule"] as? String == "no-recurrence" && ($0["change"] as? String)?.hasPrefix("recurrence:") == true })
        let preset = try f.run(["gate", "v1.3.0", "v1.4.0", "--preset", "strict"])
        #expect(preset.status == 1)
        #expect(preset.stdout.contains("recurrence"))
    }
}
