import Foundation
import PatternStore
import Testing
import TestSupport

/// `index --by-tags`: a timestamped stream split at deploy times from git tags or a CSV file.
@Suite struct ByTagsTests {
    typealias CLI = CommandLineTests

    static func sh(_ script: String, in dir: String) throws {
        let r = try Shell.run(script, in: dir)
        try #require(r.status == 0, "fixture script failed: \(r.stderr)")
    }

    /// A repository with a lightweight tag at 10:00 and an annotated one at 10:30 (UTC), and a log
    /// with records before, between and after.
    static func fixture(_ dir: String) throws {
        try sh(
            """
            g() { git -c user.name=Fixture -c user.email=fixture@example.com -c commit.gpgsign=false -c tag.gpgSign=false "$@"; }
            git init -q -b main repo && cd repo
            echo one > a.txt && git add a.txt
            GIT_AUTHOR_DATE='2026-03-02T10:00:00+0000' GIT_COMMITTER_DATE='2026-03-02T10:00:00+0000' g commit -qm one
            g tag v1.0.0
            echo two > a.txt
            GIT_AUTHOR_DATE='2026-03-02T10:20:00+0000' GIT_COMMITTER_DATE='2026-03-02T10:20:00+0000' g commit -qam two
            GIT_COMMITTER_DATE='2026-03-02T10:30:00+0000' g tag -a v1.1.0 -m 'release 1.1.0'
            """, in: dir)
        let log = [
            "2026-03-02 09:50:00,000 INFO app: warming up",
            "2026-03-02 10:05:00,000 INFO app: request served in 12ms",
            "2026-03-02 10:29:59,999 INFO app: request served in 7ms",
            "2026-03-02 10:30:00,000 INFO app: request served in 9ms",
            "2026-03-02 10:45:00,000 ERROR app: payment failed for order 17",
        ].joined(separator: "\n") + "\n"
        try log.write(toFile: dir + "/app.log", atomically: false, encoding: .utf8)
    }

    @Test func recordsGoToTheDeploymentLiveAtTheirTime() throws {
        let tmp = try IndexCommandTests.Temp()
        try Self.fixture(tmp.url.path)
        let db = tmp.path("s.sqlite")
        let r = try CLI.run(["index", "--db", db, "--by-tags", "--repo", tmp.path("repo"), tmp.path("app.log")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("1 records before the first deploy"))
        let store = try PatternStore(path: db)
        let deploys = try store.deployments(service: "default")
        #expect(deploys.map(\.name) == ["v1.0.0", "v1.1.0"])
        #expect(deploys.map(\.records) == [2, 2])
        #expect(deploys[1].commit?.count == 40)
        let errors = try store.templateStats(deployment: deploys[1]).filter { $0.maxLevel == .error }
        #expect(errors.count == 1)
    }

    @Test func aDeploysFileOverridesTagTimes() throws {
        let tmp = try IndexCommandTests.Temp()
        try Self.fixture(tmp.url.path)
        try "name,time,commit\nv1.0.0,2026-03-02T09:00:00Z,\nv1.1.0,2026-03-02T10:40:00Z,abc123\n".write(
            toFile: tmp.path("deploys.csv"), atomically: false, encoding: .utf8)
        let db = tmp.path("s.sqlite")
        let r = try CLI.run(["index", "--db", db, "--by-tags", "--deploys", tmp.path("deploys.csv"), tmp.path("app.log")])
        #expect(r.status == 0, "\(r.stderr)")
        let deploys = try PatternStore(path: db).deployments(service: "default")
        #expect(deploys.map(\.records) == [4, 1])
        #expect(deploys[1].commit == "abc123")
    }

    @Test func aBadDeploysFileNamesTheLine() throws {
        let tmp = try IndexCommandTests.Temp()
        try "v1,2026-03-02T09:00:00Z\nv2,not a time\n".write(toFile: tmp.path("d.csv"), atomically: false, encoding: .utf8)
        try "x\n".write(toFile: tmp.path("a.log"), atomically: false, encoding: .utf8)
        let r = try CLI.run(["index", "--db", tmp.path("s.sqlite"), "--by-tags", "--deploys", tmp.path("d.csv"), tmp.path("a.log")])
        #expect(r.status == 2)
        #expect(r.stderr.contains("d.csv:2: 'not a time' is not a time"))
    }

    @Test func byTagsNeedsASourceOfDeployTimes() throws {
        let r = try CLI.run(["index", "--by-tags", "fixtures/logs/syslog.log"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("--repo PATH"))
    }
}
