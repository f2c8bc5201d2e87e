import Foundation
import Testing

@testable import GitHistory

@Suite struct ErrorTests {
    /// A corrupt object makes libgit2 itself fail: the error must carry its class and message.
    @Test func libgit2FailuresCarryClassAndMessage() throws {
        let dir = try Shell.temporaryDirectory(prefix: "githistory-corrupt")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Shell.run(["git", "-c", "init.defaultBranch=main", "init", "-q", dir])
        try "hello\n".write(toFile: dir + "/a.txt", atomically: true, encoding: .utf8)
        try Shell.run(["git", "-C", dir, "add", "a.txt"])
        try Shell.run([
            "git", "-C", dir, "-c", "user.name=T", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", "commit", "-q", "-m", "one",
        ])
        let head = try Shell.run(["git", "-C", dir, "rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let object = dir + "/.git/objects/\(head.prefix(2))/\(head.dropFirst(2))"
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: object)
        try Data("not a zlib stream".utf8).write(to: URL(fileURLWithPath: object))

        let repo = try GitRepository.open(path: dir)
        let error = #expect(throws: GitHistoryError.self) { try repo.commits(from: head, to: head) }
        guard case .libgit2(let klass, let code, let message, let call)? = error else {
            Issue.record("expected a libgit2 error, got \(String(describing: error))")
            return
        }
        #expect(klass != 0)
        #expect(code < 0)
        #expect(!message.isEmpty)
        #expect(call.hasPrefix("git_"))
        #expect(error!.description.contains(message))
        #expect(error!.description.contains(LibGit2.className(klass)))
    }

    @Test func descriptionsSayWhatToDo() {
        #expect(GitHistoryError.tagNotSelected(tag: "x", pattern: "v*").description.contains("pattern 'v*'"))
        let many = GitHistoryError.noTagMatches(pattern: "r*", available: (1...7).map { "t\($0)" }).description
        #expect(many.contains("t1, t2, t3, t4, t5, … 2 more"))
        #expect(GitHistoryError.ambiguousRevision("ab").description.contains("more characters"))
    }
}
