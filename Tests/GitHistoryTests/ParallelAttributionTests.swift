import Foundation
import Testing

@testable import GitHistory

/// Large diffs are attributed on several threads; the result must not depend on how many.
@Suite struct ParallelAttributionTests {
    @Test func workersAgreeWithOneThreadAndWithGitBlame() throws {
        let dir = try Shell.temporaryDirectory(prefix: "githistory-parallel")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Shell.run(["bash", "-c", Self.script, "build", dir])
        let repo = try GitRepository.open(path: dir)
        let base = try repo.resolve("base")
        let head = try repo.resolve("head")
        let range = try CommitRange(repository: repo, base: base.commit, head: head.commit)
        let diff = try PatchReader(repository: repo, limits: DiffLimits()).read(from: base.commit, to: head.commit)
        #expect(diff.files.count == 150)
        let serial = try FileAttribution(repository: repo, range: range, head: head.commit, maxWorkers: 1).attribute(diff.files)
        let parallel = try FileAttribution(repository: repo, range: range, head: head.commit, maxWorkers: 3).attribute(diff.files)
        #expect(serial == parallel)
        #expect(try repo.changes(from: "base", to: "head").files == serial)
        for file in serial where file.path.hasSuffix("7.txt") {
            let blame = Fixture.lines(try Shell.run(["git", "-C", dir, "blame", "-s", "-l", "base..head", "--", file.path])).map {
                $0.hasPrefix("^") ? nil : String($0.prefix(40))
            }
            for line in file.hunks.flatMap(\.lines) where line.kind == .added {
                #expect(line.commit?.hex == blame[line.newLine! - 1], "\(file.path):\(line.newLine!)")
            }
        }
    }

    /// 150 files; three commits each touch every file in a different place, then a branch and a merge.
    static let script = #"""
        set -euo pipefail
        cd "$1"
        g() { git -c init.defaultBranch=main -c user.name=T -c user.email=t@example.com -c commit.gpgsign=false "$@"; }
        n=0
        c() { n=$((n + 1)); GIT_AUTHOR_DATE="$((1700000000 + n * 60)) +0000" GIT_COMMITTER_DATE="$((1700000000 + n * 60)) +0000" g commit -qam "$1"; }
        g init -q .
        for i in $(seq 1 150); do seq 1 30 | sed "s/^/file $i line /" >"f$i.txt"; done
        g add -A && c base && g tag base
        for round in 1 2 3; do
            for i in $(seq 1 150); do sed -i "$((round * 8))a round $round edit of file $i" "f$i.txt"; done
            c "round $round"
        done
        g checkout -q -b side HEAD~1
        for i in $(seq 1 150 | awk 'NR % 2'); do echo "side line $i" >>"f$i.txt"; done
        c side
        g checkout -q main
        GIT_AUTHOR_DATE="1700009000 +0000" GIT_COMMITTER_DATE="1700009000 +0000" g merge -q --no-ff side -m merge
        g tag head
        """#
}
