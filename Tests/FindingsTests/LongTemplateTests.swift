import Foundation
import PatternDiff
import Testing

@testable import Findings

/// A template of several hundred characters is never repeated whole in a finding: title,
/// narrative and next check cut it at ~120 characters and name its id; the pattern keeps it all.
@Suite struct LongTemplateTests {
    static let long = "request failed " + (0..<90).map { "field\($0)=<*>" }.joined(separator: " ")

    static func diff() throws -> DeployDiff {
        let json = try VerdictTests.diff("newly-reached", side: "candidate")
        var d = json
        d.changes[0].template.text = Self.long
        return d
    }

    @Test func theFindingCutsALongTemplateAndNamesItsID() throws {
        #expect(Self.long.count > 700)
        let f = DeterministicReader.finding(for: try Self.diff())
        #expect(f.verdict == .regression)
        for text in [f.title, f.narrative, f.nextCheck] {
            #expect(!text.contains(Self.long), "\(text.prefix(200))")
            #expect(text.contains("T7"), "\(text.prefix(200))")
            #expect(text.count < 700, "\(text.count)")
        }
        #expect(f.suspectedPattern.first?.text == Self.long)
    }

    @Test func elisionCutsAtAWordAndLeavesShortTextAlone() {
        let cut = Elided.text(Self.long)
        #expect(cut.hasSuffix(" …"))
        #expect(cut.count <= Elided.limit + 2)
        #expect(Self.long.hasPrefix(String(cut.dropLast(2))), "a prefix, cut at a space")
        #expect(Elided.text("short template <*>") == "short template <*>")
        #expect(Elided.text("first line\nsecond line") == "first line …")
    }
}
