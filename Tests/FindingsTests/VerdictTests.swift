import Foundation
import PatternDiff
import Testing
import TestSupport

@testable import Findings
@testable import DeployGate

/// Issue 13, item 7: a newly reached error is the regression signal; an added error statement is
/// intended and passes the default gate with a warning.
@Suite struct VerdictTests {
    static func diff(_ classification: String, side: String) throws -> DeployDiff {
        let json = """
            {"schemaVersion":2,"service":"svc",
             "baseline":{"name":"v1","records":10000,"minutes":30},
             "candidate":{"name":"v2","records":10000,"minutes":30,"firstTimestamp":1780000000000},
             "options":{"alpha":0.01,"minEffect":2,"minCount":10,"normalize":"records","minLinkScore":0.6,"acknowledged":[]},
             "changes":[{"id":"new:T7","kind":"new","template":{"id":7,"text":"backend unavailable, serving stale data","level":"ERROR"},
               "severity":"critical","countA":0,"countB":300,"rateA":0,"rateB":30,"pValue":1e-90,"qValue":1e-89,
               "levelsA":{},"levelsB":{"ERROR":300},"firstSeenB":1780000060000,"classification":"\(classification)",
               "link":{"file":"svc/backend.py","line":10,"hunkHeader":"","text":"log.exception(\\"backend unavailable, serving stale data\\")","side":"\(side)","score":1,"hunk":[]},
               "samples":["ERROR svc.backend: backend unavailable, serving stale data"],"seriesA":[],"seriesB":[10],"acknowledged":false,"component":"svc.backend"}],
             "incidents":[],
             "code":{"available":true,"range":"v1..v2","commits":[],"filesChanged":3}}
            """
        return try JSONDecoder().decode(DeployDiff.self, from: Data(json.utf8))
    }

    @Test func aNewlyReachedErrorFailsTheDefaultGateAndTheFindingSaysWhy() throws {
        let d = try Self.diff("newly-reached", side: "candidate")
        #expect(Gate.evaluate(d, policy: GatePolicy()).decision == .fail)
        #expect(Gate.evaluate(d, policy: GatePolicy(preset: .lenient)).decision == .fail)
        let f = DeterministicReader.finding(for: d)
        #expect(f.verdict == .regression)
        #expect(f.narrative.contains("svc/backend.py:10"))
        #expect(f.narrative.contains("already in v1"))
        #expect(f.narrative.contains("q = "))
        #expect(f.narrative.contains("first seen 2026-"))
        #expect(f.evidence.first?.countB == 300)
    }

    @Test func anAddedErrorStatementIsIntendedAndOnlyWarns() throws {
        let d = try Self.diff("intended", side: "added")
        let g = Gate.evaluate(d, policy: GatePolicy())
        #expect(g.decision == .warn)
        #expect(DeterministicReader.finding(for: d).verdict == .intendedChange)
        // Policy can tighten it.
        #expect(Gate.evaluate(d, policy: GatePolicy(preset: .strict)).decision == .fail)
    }

    @Test func aNoLongerReachedTemplateWarnsLikeAnUnexplainedVanishing() throws {
        var d = try Self.diff("no-longer-reached", side: "candidate")
        d.changes[0].payload = .vanished()
        d.changes[0].template.level = .warning
        #expect(Gate.evaluate(d, policy: GatePolicy()).decision == .warn)
    }

    @Test func thePolicyCarriesNonProductionPathsPerService() {
        var p = GatePolicy(services: ["svc": GatePolicy(nonProductionPaths: ["gen/"])])
        p.nonProductionPaths = ["tests/"]
        #expect(p.resolved(for: "svc").nonProductionPaths == ["gen/"])
        #expect(p.resolved(for: "other").nonProductionPaths == ["tests/"])
        #expect(GatePolicy().nonProductionPaths == nil)
    }
}
