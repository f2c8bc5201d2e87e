import Foundation
import LogMining
import Testing

@testable import PatternDiff
@testable import PatternStore

/// Recurrences on synthetic deployments: which fix a returning trace or template is matched to,
/// and when it is not a recurrence at all.
@Suite struct RecurrenceTests {
    typealias E = DiffEngineTests

    static func trace(_ frames: [(String, String)], _ type: String = "KeyError") -> String {
        "ERROR add failed\nTraceback (most recent call last):\n"
            + frames.enumerated().map { i, f in "  File \"/srv/app/\(f.0)\", line \(10 + i), in \(f.1)\n    code()\n" }.joined() + "\(type): 'sku'"
    }

    static func erroring(_ id: Int, _ count: Int, _ sample: String) -> DeploymentSnapshot.Template {
        var t = E.template(id, count, level: .error)
        t.samples = [sample]
        return t
    }

    static let fixCommit = CommitRef(id: String(repeating: "a", count: 40), subject: "guard missing sku", author: "Grace")

    static func fix(_ id: Int, _ sample: String?) -> PastFix {
        PastFix(
            templateID: id, vanishedIn: "v2", lastSeenIn: "v1", fix: fixCommit, statement: nil, trace: sample.flatMap(TraceFingerprint.read),
            countBefore: 40)
    }

    static func diff(_ a: [DeploymentSnapshot.Template], _ b: [DeploymentSnapshot.Template], history: [PastFix]) -> DeployDiff {
        DiffEngine.diff(
            DiffInput(
                service: "s", baseline: E.snapshot("v2", records: 10_000, a), candidate: E.snapshot("v3", records: 10_000, b), changes: nil,
                codeUnavailable: "none", history: history))
    }

    static let original = trace([("api.py", "post"), ("cart.py", "handle"), ("cart.py", "add_item")])
    static let steady = E.template(1, 5000)

    @Test func theSameExceptionInTheSameFrameUnderAnotherTemplateIsMatchedByItsException() throws {
        let moved = Self.trace([("jobs.py", "run"), ("batch.py", "each"), ("cart.py", "add_item")])
        let d = Self.diff([Self.steady], [Self.steady, Self.erroring(7, 30, moved)], history: [Self.fix(5, Self.original)])
        let r = try #require(d.recurrences.first?.recurrence)
        #expect(r.basis == .exception)
        #expect(r.fixedTemplate == 5)
        #expect(r.similarity == 0.33)
        #expect(r.fix == Self.fixCommit)
        #expect(d.recurrences.first?.severity == .critical)
    }

    @Test func aTraceStillInTheBaselineDidNotComeBack() {
        let d = Self.diff(
            [Self.steady, Self.erroring(9, 30, Self.original)], [Self.steady, Self.erroring(9, 30, Self.original), Self.erroring(7, 30, Self.original)],
            history: [Self.fix(5, Self.original)])
        #expect(d.recurrences.isEmpty)
    }

    @Test func anotherExceptionOrNoHistoryIsNoRecurrence() {
        let other = Self.trace([("api.py", "post"), ("cart.py", "handle"), ("cart.py", "add_item")], "ValueError")
        #expect(Self.diff([Self.steady], [Self.steady, Self.erroring(7, 30, other)], history: [Self.fix(5, Self.original)]).recurrences.isEmpty)
        #expect(Self.diff([Self.steady], [Self.steady, Self.erroring(5, 30, Self.original)], history: []).recurrences.isEmpty)
    }

    @Test func theTemplateAloneIsMatchedWhenNeitherSideHasATrace() throws {
        let d = Self.diff([Self.steady], [Self.steady, E.template(5, 30, level: .warning)], history: [Self.fix(5, nil)])
        let r = try #require(d.recurrences.first?.recurrence)
        #expect(r.basis == .template)
        #expect(d.recurrences.first?.severity == .high, "a warning that is back")
        #expect(d.changes.first?.kind == .recurrence, "ranked before the new template it came back as")
    }
}
