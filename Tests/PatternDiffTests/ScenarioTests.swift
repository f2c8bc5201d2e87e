import Foundation
import GitHistory
import Ingestion
import PatternStore
import Testing
import TestSupport

@testable import PatternDiff

/// The scenario of fixtures/scenario/build.sh: three releases whose diffs add, remove and reword
/// log statements in Python and Go, change a level, edit a call without changing its output, and
/// lower a timeout so an existing error path starts firing.
@Suite(.serialized) struct ScenarioTests {

    final class Scenario: @unchecked Sendable {
        let dir: URL
        let store: PatternStore
        init() throws {
            dir = try FixtureScript.temporaryDirectory("deploydiff-scenario")
            try FixtureScript.run("fixtures/scenario/build.sh", [dir.path])
            store = try PatternStore(path: dir.appendingPathComponent("store.sqlite").path)
            for v in ["v1.0.0", "v1.1.0", "v1.2.0"] {
                _ = try DeploymentIndexer(
                    store: store, request: IndexRequest(service: "shop", deployment: v, inputs: [dir.appendingPathComponent("logs/\(v).log").path])
                ).run()
            }
        }
        deinit { try? FileManager.default.removeItem(at: dir) }
        var repo: String { dir.appendingPathComponent("repo").path }

        func diff(_ a: String?, _ b: String?, repo: Bool = true) throws -> DeployDiff {
            DiffEngine.diff(try DiffPlanner.input(store: store, service: "shop", baseline: a, candidate: b, repository: repo ? self.repo : nil))
        }
    }

    static let scenario = Result { try Scenario() }

    func change(_ d: DeployDiff, _ kind: ChangeKind, _ prefix: String) -> Change? {
        d.changes.first { $0.kind == kind && $0.template.text.hasPrefix(prefix) }
    }

    @Test func intendedChangesAreClassifiedAndLinked() throws {
        let d = try Self.scenario.get().diff("v1.0.0", "v1.1.0")
        let fraud = try #require(change(d, .new, "fraud check passed"))
        #expect(fraud.classification == .intended)
        #expect(fraud.link?.file == "app/checkout.py")
        #expect(fraud.link?.commit?.subject == "Add fraud check to checkout and tidy checkout logging")
        let retry = try #require(change(d, .new, "retrying job"))
        #expect(retry.classification == .intended)
        #expect(retry.link?.file == "worker/main.go")
        #expect(retry.link?.line == 14)
        #expect(retry.link?.commit?.author == "Linus Torvalds")
        let coupon = try #require(change(d, .vanished, "legacy coupon"))
        #expect(coupon.classification == .removed)
        #expect(coupon.link?.side == "removed")
        let old = try #require(change(d, .vanished, "inventory reserved"))
        let new = try #require(change(d, .new, "reserved <*> items in inventory"))
        #expect(old.classification == .reworded && new.classification == .reworded)
        #expect(old.rewordedWith == new.id)
        let level = try #require(change(d, .levelChange, "cache miss"))
        #expect(level.detail == "dominant level DEBUG → WARN")
        #expect(!d.changes.contains { $0.template.text.hasPrefix("request took") }, "an edit that keeps the output reports nothing")
        #expect(!d.changes.contains { $0.severity >= .high })
    }

    @Test func theTimeoutRegressionIsANewlyReachedErrorWithTheConfigCommitSuspected() throws {
        let d = try Self.scenario.get().diff(nil, nil)
        #expect(d.baseline.name == "v1.1.0" && d.candidate.name == "v1.2.0")
        let timeout = try #require(change(d, .new, "payment gateway timeout"))
        // Its logger.exception statement is in app/checkout.py since v1.0.0: the path newly runs.
        #expect(timeout.classification == .newlyReached)
        #expect(timeout.link?.file == "app/checkout.py" && timeout.link?.side == "candidate")
        #expect(timeout.severity == .critical)
        #expect(timeout.template.level == .error)
        #expect(timeout.suspects?.first?.commit.subject == "Lower payment gateway timeout to 250ms")
        #expect(timeout.samples.first?.contains("Traceback") == true)
        #expect(d.changes.first?.id == timeout.id, "ranked first")
        let slow = try #require(change(d, .vanished, "payment provider slow"))
        #expect(slow.classification == .noLongerReached, "its statement is still in the code")
        #expect(slow.link?.file == "app/checkout.py")
        #expect(d.code.commits.count == 2)
    }

    @Test func withoutARepositoryTheDiffStillWorksAndSaysWhyOnce() throws {
        let d = try Self.scenario.get().diff("v1.0.0", "v1.1.0", repo: false)
        #expect(!d.code.available)
        #expect(d.code.reason?.contains("no repository") == true)
        #expect(d.changes.allSatisfy { $0.link == nil })
        #expect(change(d, .new, "fraud check passed") != nil)
    }

    @Test func theJSONIsByteIdentical() throws {
        let s = try Self.scenario.get()
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        let one = try e.encode(s.diff("v1.0.0", "v1.2.0"))
        let two = try e.encode(s.diff("v1.0.0", "v1.2.0"))
        #expect(one == two)
        #expect(one.count > 1000)
    }

    @Test func acknowledgedChangesStayButAreMarked() throws {
        let s = try Self.scenario.get()
        let before = try s.diff(nil, nil)
        let id = try #require(change(before, .new, "payment gateway timeout")).template.id
        try s.store.acknowledge(service: "shop", templateID: id, reason: "known gateway incident")
        defer { try? s.store.acknowledge(service: "shop", templateID: id, reason: "known gateway incident") }
        let after = try s.diff(nil, nil)
        let c = try #require(change(after, .new, "payment gateway timeout"))
        #expect(c.acknowledged)
        #expect(c.acknowledgement == "known gateway incident")
        #expect(!after.incidents.contains { $0.changes.contains(c.id) })
    }
}
