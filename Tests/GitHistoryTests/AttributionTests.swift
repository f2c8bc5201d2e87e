import Foundation
import Testing

@testable import GitHistory

/// Each added line's commit must be the one `git blame A..B` names (nil for its boundary lines).
@Suite(.gitFixtures) struct AttributionTests {
    let fx = Fixture.shared

    static let ranges = [
        ("v1.0.0", "v1.1.0"), ("v1.1.0", "v1.2.0"), ("v1.0.0", "v1.10.0"), ("v1.2.0", "exp-1"), ("exp-1", "v1.2.0"),
        ("orphan", "v1.1.0"), ("v1.2.0-rc.1", "v1.10.0"), ("feature", "main"),
    ]

    @Test(arguments: ranges)
    func addedLinesMatchGitBlame(_ base: String, _ head: String) throws {
        let changes = try fx.open().changes(from: base, to: head)
        for file in changes.files where !file.hunks.isEmpty && file.newPath != nil {
            let blame = try blameOf(file.path, base, head)
            for line in file.hunks.flatMap(\.lines) where line.kind == .added {
                #expect(line.commit?.hex == blame[line.newLine! - 1], "\(base)..\(head) \(file.path):\(line.newLine!) \(line.text)")
            }
        }
    }

    /// The commit of each line of `path` at head, nil for lines from outside the range.
    func blameOf(_ path: String, _ base: String, _ head: String) throws -> [String?] {
        Fixture.lines(try fx.git("blame", "--root", "-s", "-l", "\(base)..\(head)", "--", path)).map { row in
            row.hasPrefix("^") ? nil : String(row.prefix(40))
        }
    }

    @Test func hunksNameTheCommitsThatWroteThem() throws {
        let changes = try fx.open().changes(from: "v1.1.0", to: "v1.2.0")
        let subject = Dictionary(uniqueKeysWithValues: changes.commits.map { ($0.id, $0.subject) })
        func commits(_ path: String, containing text: String) -> [String] {
            let file = changes.files.first { $0.path == path }!
            let hunk = file.hunks.first { $0.lines.contains { $0.text.contains(text) } }!
            return hunk.commits.map { subject[$0]! }
        }
        // The conflict resolution is the merge's own line.
        #expect(commits("src/app.py", containing: "resolved: keep the timeout") == ["Merge branch 'hotfix'"])
        #expect(commits("src/app.py", containing: "draining") == ["Fix stop log message"])
        // One hunk of helpers.py holds lines from three commits; those added before the rename keep
        // their author through it.
        func commit(_ path: String, line text: String) -> String? {
            let line = changes.files.first { $0.path == path }!.hunks.flatMap(\.lines).first { $0.text.contains(text) }!
            return line.commit.map { subject[$0]! }
        }
        #expect(commit("src/helpers.py", line: "def flatten") == "Add cache module")
        #expect(commit("src/helpers.py", line: "min(high, max(low") == "Rename util to helpers")
        #expect(commit("src/helpers.py", line: "def identity") == "Fix stop log message")
        #expect(commits("src/helpers.py", containing: "def flatten") == ["Fix stop log message", "Rename util to helpers", "Add cache module"])
        #expect(Set(commits("src/cache.py", containing: "cache miss")) == ["Tune cache logging", "Add cache module"])
        let removalOnly = changes.files.first { $0.path == "config/settings.yaml" }!
        #expect(removalOnly.hunks.allSatisfy { $0.commits.isEmpty })
    }

    @Test func linesOlderThanTheRangeHaveNoCommit() throws {
        // exp-1 keeps lines v1.2.0 changed; they are "added" going back to exp-1, but older than the range.
        let changes = try fx.open().changes(from: "v1.2.0", to: "exp-1")
        let app = try #require(changes.files.first { $0.path == "src/app.py" })
        let lines = app.hunks.flatMap(\.lines).filter { $0.kind == .added }
        #expect(lines.first { $0.text.contains("(verbose)") }?.commit == changes.commits[0].id)
        #expect(lines.first { $0.text == "        handle()" }?.commit == nil)
    }

    @Test func theRootCommitIsAttributed() throws {
        let changes = try fx.open().changes(from: "orphan", to: "v1.1.0")
        let root = changes.commits.last!.id
        let app = try #require(changes.files.first { $0.path == "src/app.py" })
        #expect(app.hunks[0].lines.first?.commit == root)
    }
}
