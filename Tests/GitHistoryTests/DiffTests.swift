import Foundation
import Testing

@testable import GitHistory

/// Every fixture range: the library's hunks must be `git diff A B`'s, line for line.
@Suite(.gitFixtures) struct DiffTests {
    let fx = Fixture.shared

    static let pairs = [
        ("v1.0.0", "v1.1.0"), ("v1.1.0", "v1.2.0"), ("v1.0.0", "v1.10.0"), ("v1.2.0", "v1.10.0"), ("v1.2.0", "exp-1"),
        ("exp-1", "v1.2.0"), ("v1.2.0", "v1.1.0"), ("v1.2.0", "v1.2.0"), ("orphan", "v1.1.0"), ("v1.1.0", "HEAD~1"),
        ("v1.2.0-rc.1", "v1.2.0"), ("feature", "main"),
    ]

    static let unlimited = DiffLimits(maxFileBytes: .max, maxTotalBytes: .max)

    @Test(arguments: pairs)
    func hunksMatchGitDiff(_ base: String, _ head: String) throws {
        for repoPath in [fx.main, fx.bare] {
            let ours = try fx.open(repoPath).diff(from: base, to: head, limits: Self.unlimited)
            let theirs = UnifiedDiff(try fx.git("diff", "--no-color", "--no-ext-diff", base, head, in: repoPath))
            #expect(ours.files.map(Self.asUnified) == theirs.files, "\(base)..\(head) in \(repoPath)")
        }
    }

    @Test(arguments: pairs)
    func changesCarryTheSameHunks(_ base: String, _ head: String) throws {
        let repo = try fx.open()
        let changes = try repo.changes(from: base, to: head, limits: Self.unlimited)
        let diff = try repo.diff(from: base, to: head, limits: Self.unlimited)
        #expect(changes.files.map(Self.asUnified) == diff.files.map(Self.asUnified))
    }

    @Test func filesCarryStatusSimilarityAndCounts() throws {
        let diff = try fx.open().diff(from: "v1.1.0", to: "v1.2.0")
        let byPath = Dictionary(uniqueKeysWithValues: diff.files.map { ($0.path, $0) })
        let rename = try #require(byPath["src/helpers.py"])
        #expect(rename.status == .renamed)
        #expect(rename.oldPath == "src/util.py")
        #expect((50...100).contains(rename.similarity ?? 0))
        #expect((rename.additions, rename.deletions) == (9, 1))
        let logo = try #require(byPath["assets/logo.png"])
        #expect(logo.isBinary)
        #expect(logo.omitted == .binary)
        #expect(logo.hunks.isEmpty)
        #expect(diff.limits.binaryFiles == 1)
        #expect(byPath["config/settings.yaml"]?.status == .deleted)
        #expect(byPath["config/settings.yaml"]?.newPath == nil)
        #expect(byPath["src/cache.py"]?.status == .added)
        #expect(byPath["src/cache.py"]?.oldPath == nil)
        #expect(byPath["src/app.py"]?.status == .modified)
        // numstat writes a rename as "src/{util.py => helpers.py}".
        let numstat = try fx.git("diff", "--numstat", "v1.1.0", "v1.2.0")
        let counted = diff.files.filter { !$0.isBinary }.map { f -> String in
            let path = f.status == .renamed ? "src/{util.py => helpers.py}" : f.path
            return "\(f.additions)\t\(f.deletions)\t\(path)"
        }
        #expect(counted == Fixture.lines(numstat).filter { !$0.hasPrefix("-") })
    }

    @Test func crlfLinesAndAMissingFinalNewline() throws {
        let diff = try fx.open().diff(from: "v1.2.0", to: "v1.9.0")
        let win = try #require(diff.files.first { $0.path == "src/win.txt" })
        let lines = win.hunks.flatMap(\.lines)
        #expect(lines.map(\.text) == ["second line\r", "second line changed\r", "last line without newline"])
        #expect(lines.map(\.kind) == [.removed, .added, .added])
        #expect(lines.map { $0.oldLine ?? $0.newLine! } == [2, 2, 4])
    }

    static func asUnified(_ f: FileChange) -> UnifiedDiff.File {
        let status: String
        switch f.status {
        case .added: status = "added"
        case .deleted: status = "deleted"
        case .renamed: status = "renamed"
        default: status = "modified"
        }
        let hunks = f.hunks.map { h in
            UnifiedDiff.Hunk(
                header: h.header, oldStart: h.oldStart, oldCount: h.oldCount, newStart: h.newStart, newCount: h.newCount,
                lines: h.lines.map { UnifiedDiff.Line(added: $0.kind == .added, number: $0.newLine ?? $0.oldLine!, text: $0.text) })
        }
        return UnifiedDiff.File(oldPath: f.oldPath, newPath: f.newPath, status: status, binary: f.isBinary, hunks: hunks)
    }
}
