import Foundation
import LogMining
import Testing

@testable import PatternDiff

/// A change is typed by kind in Swift and one flat object in JSON; each kind survives the trip.
@Suite struct ChangeCodingTests {
    static let evidence = ChangeEvidence(
        template: TemplateRef(id: 9, text: "job <*> stopped", level: .warning), countA: 20, countB: 30, rateA: 2, rateB: 3, ratio: 1.5,
        pValue: 0.001, qValue: 0.002, levelsA: [.info: 20], levelsB: [.warning: 30], firstSeenB: 1_780_000_000_000, samples: ["job 1 stopped"],
        seriesA: [1, 2], seriesB: [3], component: "jobs")

    static let values = [ValueCount(position: "token 2", value: "500", countA: 0, countB: 12)]

    static let payloads: [ChangePayload] = [
        .new(), .new(rewordedWith: "vanished:T3"), .vanished(), .rareAbsent(rewordedWith: "new:T4"), .rateIncrease, .rateDecrease(),
        .levelChange(from: .info, to: .warning), .valueShift(values: values),
        .exceptionChange(values: values),
    ]

    @Test(arguments: payloads) func eachKindRoundTripsThroughJSON(_ payload: ChangePayload) throws {
        let c = Change(payload, Self.evidence, detail: "d", classification: .intended)
        let back = try JSONDecoder().decode(Change.self, from: try JSONEncoder().encode(c))
        #expect(back == c)
        #expect(back.kind == payload.kind)
        var group = c
        group.templates = [4, 9]
        #expect(try JSONDecoder().decode(Change.self, from: try JSONEncoder().encode(group)) == group)
    }

    @Test func theIdAndSeverityFollowFromTheChange() {
        let shift = Change(.valueShift(values: Self.values), Self.evidence)
        #expect(shift.id == "value-shift:T9@token 2")
        // Into an HTTP 5xx: high, whatever the template's level says.
        #expect(shift.severity == .high)
        var new = Change(.new(), Self.evidence)
        #expect(new.severity == .high)
        new.classification = .intended
        #expect(new.severity == .medium, "an added statement's template ranks one step lower")
        #expect(Change(.rateDecrease(), Self.evidence).severity == .low)
        #expect(Change(.rateDecrease(silentDrop: true), Self.evidence).severity == .medium)
    }

    @Test func aSilentDropIsReadBackFromItsDetail() throws {
        let detail = "throughput 10.0 → 2.0 per minute of log time (×0.20) while no error rises; per record ×1.00"
        let c = Change(.rateDecrease(silentDrop: true), Self.evidence, detail: detail)
        #expect(try JSONDecoder().decode(Change.self, from: try JSONEncoder().encode(c)) == c)
    }
}
