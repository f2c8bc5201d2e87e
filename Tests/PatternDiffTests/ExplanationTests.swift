import Foundation
import GitHistory
@testable import LogMining
import Testing
import TestSupport

@testable import PatternDiff
@testable import PatternStore

/// Issue 13: explanations grounded in both trees, on the repository fixtures/explain/make_repo.sh
/// builds (v1 → v2), with deployments made of the templates each case needs.
@Suite(.serialized) struct ExplanationTests {

    final class Repo: @unchecked Sendable {
        let dir: URL
        let changes: ChangeSet
        let trees: SourceCorpus
        init(filler: Int = 0) throws {
            dir = try FixtureScript.temporaryDirectory("deploydiff-explain")
            try FixtureScript.run("fixtures/explain/make_repo.sh", [dir.path, "\(filler)"])
            let repo = try GitRepository.open(path: dir.appendingPathComponent("repo").path)
            changes = try repo.changes(from: "v1", to: "v2")
            trees = try repo.corpus(of: [changes.base, changes.head])
        }
        deinit { try? FileManager.default.removeItem(at: dir) }
    }

    static let repo = Result { try Repo() }

    /// A template of `count` records at `level`, logged by `logger`.
    static func t(_ id: Int, _ text: String, _ count: Int, _ level: LogLevel = .info, logger: String = "svc", values: [Int: [String: Int]] = [:])
        -> DeploymentSnapshot.Template
    {
        var levels = [Int](repeating: 0, count: LogLevel.allCases.count)
        levels[level.rawValue] = count
        var v = values
        v[RecordAttribute.component.position] = [logger: count]
        return .init(
            id: id, text: text, count: count, levels: levels, firstTimestamp: 1_000, lastTimestamp: 60_000, minutes: [0: count],
            samples: ["\(level) \(logger): \(text)"], values: v)
    }

    /// Both deployments share a steady filler template so rates are comparable.
    static func diff(_ a: [DeploymentSnapshot.Template], _ b: [DeploymentSnapshot.Template], options: DiffOptions = DiffOptions(), trees: Bool = true)
        throws -> DeployDiff
    {
        let r = try repo.get()
        let steady = t(999, "request served in <*> ms", 5000)
        return DiffEngine.diff(
            DiffInput(
                service: "svc", baseline: DiffEngineTests.snapshot("v1", records: 10_000, a + [steady]),
                candidate: DiffEngineTests.snapshot("v2", records: 10_000, b + [steady]), changes: r.changes, codeUnavailable: nil,
                options: options, trees: trees ? r.trees : nil))
    }

    func change(_ d: DeployDiff, _ prefix: String) -> Change? { d.changes.first { $0.template.text.hasPrefix(prefix) } }

    @Test func aMessageWhoseStatementWasInTheBaselineTreeIsNewlyReachedNotIntended() throws {
        // The range's refactoring removes `msg = "..."; log.error(msg, exc_info=exc)` and adds
        // `log.exception("...")`: the same output, so the template was not added by this deploy.
        let d = try Self.diff([], [Self.t(1, "backend unavailable, serving stale data", 300, .error, logger: "svc.backend")])
        let c = try #require(change(d, "backend unavailable"))
        #expect(c.kind == .new)
        #expect(c.classification == .newlyReached)
        #expect(c.link?.side == "candidate")
        #expect(["svc/backend.py", "svc/replica.py"].contains(c.link?.file ?? ""))
        #expect(c.severity == .critical, "a newly reached error is not downgraded as an intended one is")
        #expect(c.suspects?.contains { $0.commit.subject.hasPrefix("Bump version") } != true)
    }

    @Test func withoutTheTreesTheDiffTextAloneWouldCallTheRefactoringIntended() throws {
        // What the issue reports: this is why the trees are read.
        let d = try Self.diff([], [Self.t(1, "backend unavailable, serving stale data", 300, .error)], trees: false)
        #expect(change(d, "backend unavailable")?.classification == .intended)
    }

    @Test func anAddedStatementIsIntended() throws {
        let d = try Self.diff([], [Self.t(1, "payment webhook signature invalid for <*>", 20, .error, logger: "svc.webhooks")])
        let c = try #require(change(d, "payment webhook"))
        #expect(c.classification == .intended)
        #expect(c.link?.file == "svc/webhooks.py")
        #expect(c.link?.side == "added")
        #expect(c.link?.commit?.subject.hasPrefix("jobs: report stopped jobs") == true)
    }

    @Test func messagesBuiltInPiecesAreLinkedWithTheirScore() throws {
        let d = try Self.diff(
            [],
            [
                Self.t(1, "job <*> stopped by <*> (out of memory?)", 12, .warning), Self.t(2, "user <*> exceeded quota of <*>", 9, .warning),
                Self.t(3, "queue <*> rejected job <*>: <*>", 7, .error),
            ])
        let oom = try #require(change(d, "job <*> stopped by <*> (out"))
        #expect(oom.classification == .intended)
        #expect(oom.link?.file == "svc/jobs.py")
        #expect(oom.link?.text.hasPrefix("msg = \"job {} stopped by {}\"") == true)
        #expect((oom.link?.score ?? 0) >= 0.6 && (oom.link?.score ?? 2) <= 1)
        let quota = try #require(change(d, "user <*> exceeded quota"))
        #expect(quota.classification == .intended)
        #expect(quota.link?.file == "svc/Quota.java")
        let queue = try #require(change(d, "queue <*> rejected job"))
        #expect(queue.classification == .intended)
        #expect(queue.link?.file == "worker/queue.go")
    }

    @Test func theComposedStatementExplainsTheLongMessageButNotAnUnrelatedOne() {
        let lines = [
            "msg = \"job {} stopped by {}\".format(job.id, e.who)", "if e.oom:", "    msg += \" (out of memory?)\"", "log.warning(msg)",
        ]
        let sts = SourceStatement.statements(in: lines)
        func best(_ template: String) -> Double {
            let f = StatementLinker.fragments(of: template)
            let total = f.reduce(0) { $0 + $1.count }
            return sts.map { $0.score(StatementLinker.encode(f), total) }.max() ?? 0
        }
        #expect(best("job <*> stopped by <*> (out of memory?)") >= 0.9)
        #expect(best("job <*> stopped by <*>") >= 0.9)
        #expect(best("disk <*> out of space on <*>") < 0.6)
    }

    @Test func aTestFileLiteralIsNeverChosenUnlessThePolicySaysSo() throws {
        let cache = Self.t(1, "cache warmed with <*> entries", 40, .debug, logger: "svc.cache")
        let d = try Self.diff([], [cache])
        let c = try #require(change(d, "cache warmed"))
        #expect(c.link?.file.hasPrefix("tests/") != true)
        #expect(c.classification == .unexplainedNew)
        #expect(c.suspects?.first?.commit.subject == "settings: sqlite by default, warm the cache")
        #expect(c.suspects?.contains { $0.commit.subject.hasPrefix("Bump version") || $0.commit.subject.hasPrefix("tests:") } == false)
        // The filter is the policy's to change: with none, the test's literal is what links.
        let open = try Self.diff([], [cache], options: DiffOptions(nonProductionPaths: []))
        #expect(change(open, "cache warmed")?.link?.file == "tests/test_cache.py")
    }

    @Test func nonProductionPathsFollowTheirPatterns() {
        let f = PathFilter(PathFilter.defaultPatterns)
        for p in ["tests/test_x.py", "pkg/tests/helpers.py", "svc/test_cache.py", "worker/queue_test.go", "docs/guide.py", "README.md", "CHANGES.rst",
            "CHANGELOG", "vendor/github.com/x/y.go", "src/test/java/FooTest.java", "Tests/AppTests/AppTests.swift", "spec/models/user_spec.rb"]
        {
            #expect(f.matches(p), "\(p)")
        }
        for p in ["svc/app.py", "worker/queue.go", "src/main/java/Latest.java", "svc/testing_utils_prod.py", "contest.py", "svc/attest.py"] {
            #expect(!f.matches(p), "\(p)")
        }
        #expect(PathFilter(["gen/*.py"]).matches("gen/x.py") && !PathFilter(["gen/*.py"]).matches("svc/gen.py"))
    }

    @Test func vanishedTemplatesAreRemovedOnlyWhenTheirStatementIsGone() throws {
        let d = try Self.diff([Self.t(1, "legacy sync finished in <*> ms", 200), Self.t(2, "poller idle for <*> seconds", 200, .warning)], [])
        let legacy = try #require(change(d, "legacy sync"))
        #expect(legacy.kind == .vanished)
        #expect(legacy.classification == .removed)
        #expect(legacy.link?.file == "svc/legacy.py")
        let idle = try #require(change(d, "poller idle"))
        #expect(idle.classification == .noLongerReached)
        #expect(idle.link?.file == "svc/poller.py" && idle.link?.side == "candidate")
    }

    @Test func aChangedDefaultIsOneValueShiftLinkedToTheSettingsHunk() throws {
        let d = try Self.diff([Self.t(1, "Using backend: postgres", 40)], [Self.t(2, "Using backend: sqlite", 40)])
        #expect(!d.changes.contains { $0.kind == .new || $0.kind == .vanished })
        let v = try #require(d.changes.first { $0.kind == .valueShift })
        #expect(v.template.text == "Using backend: <*>")
        #expect(v.values?.map(\.value) == ["sqlite", "postgres"])
        #expect(v.values?.first?.countB == 40 && v.values?.last?.countA == 40)
        #expect(v.templates == [1, 2])
        #expect(v.link?.file == "svc/settings.py")
        #expect(v.link?.text == "BACKEND = \"sqlite\"")
        #expect(v.link?.commit?.subject == "settings: sqlite by default, warm the cache")
    }

    @Test func differentWordsAreNotValues() throws {
        let d = try Self.diff([Self.t(1, "connection opened", 40)], [Self.t(2, "connection closed", 40)])
        #expect(!d.changes.contains { $0.kind == .valueShift })
        #expect(d.changes.contains { $0.kind == .new } && d.changes.contains { $0.kind == .vanished })
    }

    @Test func theTreeSearchReadsALargeRepositoryOnceAndStaysRight() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let big = try Repo(filler: 3000)
        let built = clock.now
        #expect(big.trees.trees.count == 2)
        #expect(big.trees.trees[1].files.count > 3000)
        // Unchanged files are one blob in both trees: read once.
        #expect(big.trees.blobs.count < big.trees.trees[0].files.count + 20)
        let templates = [
            Self.t(1, "backend unavailable, serving stale data", 300, .error), Self.t(2, "payment webhook signature invalid for <*>", 20, .error),
            Self.t(3, "handler 1234 rejected request <*>: invalid payload", 30, .warning),
        ]
        let corpusStart = clock.now
        let repo = try GitRepository.open(path: big.dir.appendingPathComponent("repo").path)
        let trees = try repo.corpus(of: [big.changes.base, big.changes.head])
        let read = clock.now
        let d = DiffEngine.diff(
            DiffInput(
                service: "svc", baseline: DiffEngineTests.snapshot("v1", records: 10_000, [Self.t(999, "request served in <*> ms", 5000)]),
                candidate: DiffEngineTests.snapshot("v2", records: 10_000, templates + [Self.t(999, "request served in <*> ms", 5000)]),
                changes: big.changes, codeUnavailable: nil, trees: trees))
        let done = clock.now
        #expect(change(d, "backend unavailable")?.classification == .newlyReached)
        #expect(change(d, "payment webhook")?.classification == .intended)
        let handler = try #require(change(d, "handler 1234"))
        #expect(handler.classification == .newlyReached)
        #expect(handler.link?.file.hasSuffix("handler_1234.py") == true)
        print("tree search, \(big.trees.trees[1].files.count) files: fixture \(built - start), corpus \(read - corpusStart), diff \(done - read)")
    }
}

extension ExplanationTests {
    @Test func aTraceFrameChoosesBetweenTwoFilesWithTheSameMessage() throws {
        // svc/backend.py and svc/replica.py both log it; the samples' traceback names replica.py.
        for (file, function) in [("svc/replica.py", "read"), ("svc/backend.py", "fetch")] {
            var t = Self.t(1, "backend unavailable, serving stale data", 300, .error)
            t.samples = [
                """
                ERROR svc: backend unavailable, serving stale data
                Traceback (most recent call last):
                  File "/srv/app/\(file)", line 8, in \(function)
                    return replica.get(key)
                ConnectionRefusedError: [Errno 111] Connection refused
                """
            ]
            let d = try Self.diff([], [t])
            let c = try #require(change(d, "backend unavailable"))
            #expect(c.classification == .newlyReached)
            #expect(c.link?.file == file)
        }
    }

    @Test func traceFilesAreReadDeepestFirst() {
        let python = "Traceback (most recent call last):\n  File \"/srv/a/app.py\", line 3, in main\n  File \"/srv/a/db.py\", line 9, in q\nKeyError: 1"
        #expect(TreeLinker.traceFiles([python]) == ["/srv/a/db.py", "/srv/a/app.py"])
        let java = "java.lang.IllegalStateException: x\n\tat com.shop.Pay.charge(Pay.java:41)\n\tat com.shop.Api.post(Api.java:12)"
        #expect(TreeLinker.traceFiles([java]) == ["Pay.java", "Api.java"])
        #expect(TreeLinker.sameFile("/srv/a/svc/db.py", "svc/db.py") && TreeLinker.sameFile("Pay.java", "src/main/java/com/shop/Pay.java"))
        #expect(!TreeLinker.sameFile("/srv/a/svc/xdb.py", "svc/db.py"))
    }
}
