import Foundation
import Testing

@testable import GitHistory

@Suite(.gitFixtures) struct CommitRangeTests {
    let fx = Fixture.shared

    static let ranges = [
        ("v1.1.0", "v1.2.0"), ("v1.0.0", "v1.10.0"), ("v1.2.0", "exp-1"), ("exp-1", "v1.2.0"), ("orphan", "v1.1.0"),
        ("v1.2.0", "v1.2.0"), ("v1.2.0", "v1.1.0"),
    ]

    @Test(arguments: ranges)
    func commitsMatchGitLog(_ base: String, _ head: String) throws {
        let commits = try fx.open().commits(from: base, to: head)
        let expected = Fixture.lines(try fx.git("rev-list", "\(base)..\(head)"))
        #expect(Set(commits.map(\.id.hex)) == Set(expected))
        #expect(commits.count == expected.count)
        // Topological: a commit comes before its parents.
        let position = Dictionary(uniqueKeysWithValues: commits.enumerated().map { ($1.id, $0) })
        for (i, c) in commits.enumerated() {
            for p in c.parents { #expect((position[p] ?? Int.max) > i) }
        }
        for c in commits { try expectLikeGit(c) }
    }

    func expectLikeGit(_ c: GitCommit) throws {
        let sep = "\u{1f}"
        let fields = try fx.git("log", "-1", "--format=%an\(sep)%ae\(sep)%at\(sep)%cn\(sep)%ct\(sep)%P\(sep)%s\(sep)%b", c.id.hex)
            .components(separatedBy: sep)
        #expect(c.author.name == fields[0])
        #expect(c.author.email == fields[1])
        #expect(c.author.time.seconds == Int64(fields[2]))
        #expect(c.author.time.offsetMinutes == 60)
        #expect(c.committer.name == fields[3])
        #expect(c.committer.time.seconds == Int64(fields[4]))
        #expect(c.parents.map(\.hex) == fields[5].split(separator: " ").map(String.init))
        #expect(c.subject == fields[6])
        #expect(c.body == fields[7].trimmingCharacters(in: .whitespacesAndNewlines))
        // `-c` lists, for a merge, the paths that differ from every parent.
        let files = try fx.git("diff-tree", "-c", "--root", "--no-renames", "--no-commit-id", "--name-only", "-r", c.id.hex)
        #expect(c.files == Fixture.lines(files).sorted(), "\(c.subject)")
    }

    @Test func aMergeListsOnlyWhatItDecided() throws {
        let commits = try fx.open().commits(from: "v1.1.0", to: "v1.2.0")
        let merges = commits.filter(\.isMerge)
        #expect(merges.map(\.subject) == ["Merge branch 'hotfix'", "Merge branch 'feature'"])
        #expect(merges[0].files == ["src/app.py"])
        #expect(merges[1].files == [])
        let rename = try #require(commits.first { $0.subject == "Rename util to helpers" })
        #expect(rename.files == ["assets/logo.png", "src/helpers.py", "src/util.py"])
        #expect(rename.body == "Also a new logo.")
        #expect(rename.author.name == "Bob Builder")
    }

    @Test func emptyRanges() throws {
        let repo = try fx.open()
        let same = try repo.changes(from: "v1.2.0", to: "v1.2.0")
        #expect(same.commits.isEmpty)
        #expect(same.files.isEmpty)
        // Backwards: nothing is reachable from head but not base, yet the trees differ.
        let backwards = try repo.changes(from: "v1.2.0", to: "v1.1.0")
        #expect(backwards.commits.isEmpty)
        #expect(!backwards.files.isEmpty)
        #expect(backwards.files.allSatisfy { $0.hunks.allSatisfy { $0.commits.isEmpty } })
        // Two tags on one commit.
        #expect(try repo.changes(from: "deploy-beta", to: "v1.2.0").commits.isEmpty)
    }

    @Test func aTagNotReachableFromTheOther() throws {
        let repo = try fx.open()
        let forward = try repo.commits(from: "v1.2.0", to: "exp-1")
        #expect(forward.map(\.subject) == ["Experiment: verbose logging"])
        let back = try repo.commits(from: "exp-1", to: "v1.2.0")
        #expect(!back.contains { $0.subject.hasPrefix("Experiment") })
        #expect(back.count == 8)
    }

    @Test func aRangeCanHoldTheRootCommit() throws {
        let commits = try fx.open().commits(from: "orphan", to: "v1.1.0")
        #expect(commits.map(\.subject) == ["Log retries in the client", "Initial service"])
        #expect(commits[1].parents.isEmpty)
        #expect(commits[1].files == ["README.md", "assets/logo.png", "config/settings.yaml", "src/app.py", "src/util.py"])
    }
}
