import Foundation
import LogMining
@testable import PatternStore
import Testing

@testable import PatternDiff

/// Changes that are one incident read as one: same commit, same component, or fired together.
@Suite struct IncidentGrouperTests {
    static func change(_ id: Int, kind: ChangeKind = .new, level: LogLevel = .error, commit: String? = nil, component: String? = nil, first: Int64? = nil) -> Change {
        let payload: ChangePayload =
            switch kind {
            case .vanished: .vanished()
            case .rateIncrease: .rateIncrease
            case .rateDecrease: .rateDecrease()
            default: .new()
            }
        return Change(
            payload,
            ChangeEvidence(
                template: TemplateRef(id: id, text: "template \(id)", level: level), countA: 0, countB: 50, rateA: 0, rateB: 5, ratio: nil,
                pValue: 1e-9, qValue: 1e-8, levelsA: [:], levelsB: [level: 50], firstSeenB: first, samples: [], seriesA: [], seriesB: [],
                component: component),
            classification: commit == nil ? .unexplainedNew : .intended,
            link: commit.map { CodeLink(file: "a.py", line: 1, hunkHeader: "@@", text: "log()", side: "added", commit: CommitRef(id: $0, subject: "s", author: "a"), score: 1, hunk: []) })
    }

    static func snapshot(_ minutes: [Int: [Int64: Int]] = [:]) -> DeploymentSnapshot {
        let info = DeploymentInfo(
            id: 1, service: "s", name: "b", commit: nil, source: nil, indexedAt: "", firstTimestamp: 0, lastTimestamp: 3_600_000, records: 1000,
            lines: 1000, bytes: 0, skipped: [:])
        var templates: [Int: DeploymentSnapshot.Template] = [:]
        for (id, m) in minutes {
            templates[id] = .init(id: id, text: "t", count: m.values.reduce(0, +), levels: [0, 0, 0, 0, 0, 0, 50, 0], firstTimestamp: nil, lastTimestamp: nil, minutes: m, samples: [], values: [:])
        }
        return DeploymentSnapshot(deployment: info, templates: templates)
    }

    @Test func sameCommitOrComponentIsOneIncidentInFiringOrder() {
        let changes = [
            Self.change(1, commit: "abc1234def", first: 5_000), Self.change(2, commit: "abc1234def", first: 1_000),
            Self.change(3, component: "app.pay", first: 900_000), Self.change(4, component: "app.pay", first: 2_000_000),
            Self.change(5, component: "app.other", first: 3_000_000),
        ]
        let incidents = IncidentGrouper.group(changes, a: Self.snapshot(), b: Self.snapshot())
        #expect(incidents.count == 3)
        let byCommit = incidents.first { $0.changes.contains("new:T1") }!
        #expect(byCommit.changes == ["new:T2", "new:T1"], "ordered by first record")
        #expect(byCommit.reasons.contains("same commit abc1234"))
        let byComponent = incidents.first { $0.changes.contains("new:T3") }!
        #expect(byComponent.changes == ["new:T3", "new:T4"])
        #expect(byComponent.reasons == ["same component app.pay"])
    }

    @Test func changesThatFireTogetherAreGrouped() {
        let burst: [Int64: Int] = [10: 40, 11: 45, 12: 3, 13: 1]
        let calm: [Int64: Int] = [10: 1, 20: 1, 30: 40, 40: 1]
        let changes = [Self.change(1, first: 60_000_000), Self.change(2, first: 80_000_000), Self.change(3, first: 99_000_000)]
        let b = Self.snapshot([1: burst, 2: burst.mapValues { $0 * 2 }, 3: calm])
        let incidents = IncidentGrouper.group(changes, a: Self.snapshot(), b: b)
        #expect(incidents.count == 2)
        #expect(incidents.contains { $0.changes == ["new:T1", "new:T2"] && $0.reasons == ["fired together"] })
        #expect(IncidentGrouper.correlation(burst, burst.mapValues { $0 * 2 }) > 0.99)
    }
}
