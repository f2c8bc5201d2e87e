import Foundation
import LogMining
import Testing

@testable import PatternDiff
@testable import PatternStore

/// Issue 13, item 6: templates one statement writes are judged together, so a statement whose
/// records spread over several templates is not lost below a per-template minimum.
@Suite struct StatementGroupTests {
    static func template(_ id: Int, _ text: String, _ count: Int, _ level: LogLevel) -> DeploymentSnapshot.Template {
        var levels = [Int](repeating: 0, count: LogLevel.allCases.count)
        levels[level.rawValue] = count
        return .init(
            id: id, text: text, count: count, levels: levels, firstTimestamp: 0, lastTimestamp: 60_000, minutes: [0: count],
            samples: ["\(level) cache: \(text)"], values: [:])
    }

    /// A statement that logs its exception's message: one template per distinct message.
    static let messages = [
        "Cache refresh failed: connection refused", "Cache refresh failed: timeout after <*> ms", "Cache refresh failed: host <*> unreachable",
        "Cache refresh failed: broken pipe", "Cache refresh failed: TLS handshake error", "Cache refresh failed: unexpected EOF from <*>",
    ]

    static func diff(_ a: [DeploymentSnapshot.Template], _ b: [DeploymentSnapshot.Template], records: Int = 5_000) -> DeployDiff {
        let steady = template(99, "Request served in <*> ms", records - 40, .info)
        return DiffEngine.diff(
            DiffInput(
                service: "s", baseline: DiffEngineTests.snapshot("a", records: records, a + [steady]),
                candidate: DiffEngineTests.snapshot("b", records: records, b + [steady]), changes: nil, codeUnavailable: "none"))
    }

    @Test func aLevelChangeSpreadOverSixTemplatesOfFourRecordsIsOneChange() {
        let a = Self.messages.enumerated().map { Self.template($0.offset + 1, $0.element, 4, .debug) }
        let b = Self.messages.enumerated().map { Self.template($0.offset + 1, $0.element, 4, .warning) }
        let d = Self.diff(a, b)
        let levels = d.changes.filter { $0.kind == .levelChange }
        #expect(levels.count == 1)
        #expect(levels.first?.templates == [1, 2, 3, 4, 5, 6])
        #expect(levels.first?.countB == 24)
        #expect(levels.first?.detail?.contains("DEBUG → WARN") == true)
        #expect(levels.first?.payload == .levelChange(from: .debug, to: .warning))
    }

    @Test func statementsThatShareOnlyAShortPrefixStayApart() {
        let texts = ["Connection from <*> closed", "Connection from <*> opened"]
        let a = texts.enumerated().map { Self.template($0.offset + 1, $0.element, 4, .debug) }
        let b = texts.enumerated().map { Self.template($0.offset + 1, $0.element, 4, .warning) }
        #expect(!Self.diff(a, b).changes.contains { $0.kind == .levelChange })
    }

    @Test func aStatementWhoseTemplatesAreEachTooRareToVanishVanishesAsOne() {
        let a = Self.messages.enumerated().map { Self.template($0.offset + 1, $0.element, 5, .error) }
        let d = Self.diff(a, [])
        let gone = d.changes.filter { $0.kind == .vanished }
        #expect(gone.count == 1)
        #expect(gone.first?.templates?.count == 6)
        #expect(!d.changes.contains { $0.kind == .rareAbsent }, "the members are not reported one by one as well")
    }

    @Test func aMemberThatChangedOnItsOwnKeepsItsOwnChange() {
        var a = Self.messages.enumerated().map { Self.template($0.offset + 1, $0.element, 4, .debug) }
        var b = Self.messages.enumerated().map { Self.template($0.offset + 1, $0.element, 4, .warning) }
        a[0] = Self.template(1, Self.messages[0], 40, .debug)
        b[0] = Self.template(1, Self.messages[0], 40, .warning)
        let levels = Self.diff(a, b).changes.filter { $0.kind == .levelChange }
        #expect(levels.map(\.templates) == [nil], "the member's own change stands; the group is not judged again for that kind")
    }
}
