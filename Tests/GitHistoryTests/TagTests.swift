import Foundation
import Testing

@testable import GitHistory

@Suite(.gitFixtures) struct TagTests {
    let fx = Fixture.shared

    @Test func versionTagsOrderBySemanticVersion() throws {
        let names = try fx.open().tags(matching: "v*").map(\.name)
        // v1.2.0-rc.1 was tagged after v1.2.0, and v1.10.0 sorts before v1.9.0 as text: neither decides.
        #expect(names == ["v1.0.0", "v1.1.0", "v1.2.0-rc.1", "v1.2.0", "v1.9.0", "v1.10.0"])
    }

    @Test func otherTagsOrderByDate() throws {
        let tags = try fx.open().tags(matching: "deploy-*")
        #expect(tags.map(\.name) == ["deploy-gamma", "deploy-alpha", "deploy-beta"])
        #expect(tags.map(\.date) == tags.map(\.date).sorted())
    }

    @Test func aTagThatDoesNotPeelToACommitIsLeftOut() throws {
        let names = try fx.open().tags().map(\.name)
        #expect(!names.contains("tree-tag"))
        #expect(names.contains("exp-1"))
        // A mix of version and other names falls back to dates.
        #expect(names.first == "deploy-gamma")
    }

    @Test func everyTagPeelsToItsCommit() throws {
        for tag in try fx.open().tags() {
            let expected = try fx.git("rev-parse", "\(tag.name)^{commit}").trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(tag.commit.hex == expected, "\(tag.name)")
        }
    }

    @Test func predecessorIsThePreviousDeploy() throws {
        let repo = try fx.open()
        #expect(try repo.predecessor(of: "v1.10.0", tagPattern: "v*")?.name == "v1.9.0")
        #expect(try repo.predecessor(of: "v1.2.0", tagPattern: "v*")?.name == "v1.2.0-rc.1")
        #expect(try repo.predecessor(of: "v1.0.0", tagPattern: "v*") == nil)
        #expect(try repo.predecessor(of: "deploy-beta", tagPattern: "deploy-*")?.name == "deploy-alpha")
        #expect(try repo.predecessor(of: "v1.2.0", tagPattern: "v1.[0-2].*")?.name == "v1.2.0-rc.1")
    }

    @Test func predecessorErrorsSayWhatToChange() throws {
        let repo = try fx.open()
        #expect(throws: GitHistoryError.tagNotSelected(tag: "exp-1", pattern: "v*")) {
            try repo.predecessor(of: "exp-1", tagPattern: "v*")
        }
        #expect(throws: GitHistoryError.unknownRevision("v7.0.0")) { try repo.predecessor(of: "v7.0.0", tagPattern: "v*") }
        let error = #expect(throws: GitHistoryError.self) { try repo.predecessor(of: "v1.2.0", tagPattern: "release/*") }
        guard case .noTagMatches(let pattern, let available)? = error else {
            Issue.record("expected noTagMatches, got \(String(describing: error))")
            return
        }
        #expect(pattern == "release/*")
        #expect(available.contains("v1.2.0"))
    }
}
