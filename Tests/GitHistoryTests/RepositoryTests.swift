import Foundation
import Testing

@testable import GitHistory

@Suite(.gitFixtures) struct RepositoryTests {
    let fx = Fixture.shared

    @Test func opensAWorkTreeFromASubfolder() throws {
        let repo = try fx.open(fx.main + "/src")
        #expect(repo.path == fx.main)
        #expect(!repo.isBare)
        #expect(!repo.isShallow)
    }

    @Test func opensABareRepository() throws {
        let repo = try fx.open(fx.bare)
        #expect(repo.isBare)
        #expect(try repo.resolve("v1.2.0").commit == (try fx.open().resolve("v1.2.0").commit))
    }

    @Test func aFolderOutsideAnyRepositoryIsNamedInTheError() throws {
        #expect(throws: GitHistoryError.notARepository(path: fx.plain)) { try fx.open(fx.plain) }
        let missing = fx.root + "/does-not-exist"
        #expect(throws: GitHistoryError.notARepository(path: missing)) { try fx.open(missing) }
        #expect(GitHistoryError.notARepository(path: fx.plain).description.contains(fx.plain))
    }

    @Test func aShallowCloneFailsWithTheFix() throws {
        let repo = try fx.open(fx.shallow)
        #expect(repo.isShallow)
        let expected = GitHistoryError.shallowClone(path: fx.shallow, fix: GitHistoryError.unshallowFix)
        #expect(throws: expected) { try repo.changes(from: "HEAD~1", to: "HEAD") }
        #expect(throws: expected) { try repo.commits(from: "v1.0.0", to: "v1.10.0") }
        // A tag the shallow clone never fetched: the same fix, not "unknown revision".
        #expect(throws: expected) { try repo.resolve("v1.0.0") }
        let message = expected.description
        #expect(message.contains("git fetch --tags --unshallow"))
        #expect(message.contains("fetch-depth: 0"))
        #expect(message.contains("shallow"))
    }

    @Test func aCheckoutWithoutTagsFailsWithTheFix() throws {
        let repo = try fx.open(fx.notags)
        let error = #expect(throws: GitHistoryError.self) { try repo.changes(from: "v1.1.0", to: "HEAD") }
        guard case .missingTags(let wanted, _, let fix)? = error else {
            Issue.record("expected missingTags, got \(String(describing: error))")
            return
        }
        #expect(wanted.contains("v1.1.0"))
        #expect(fix.contains("git fetch --tags"))
        #expect(error!.description.contains("fetch-depth: 0"))
        #expect(throws: GitHistoryError.self) { try repo.predecessor(of: "v1.2.0") }
        // Without tags, ids and branches still work.
        #expect(try repo.commits(from: "HEAD~1", to: "HEAD").count == 1)
    }
}
