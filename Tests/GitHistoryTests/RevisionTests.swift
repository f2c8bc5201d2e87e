import Foundation
import Testing

@testable import GitHistory

@Suite(.gitFixtures) struct RevisionTests {
    let fx = Fixture.shared

    func id(_ rev: String) throws -> ObjectID {
        ObjectID(hex: try fx.git("rev-parse", "--verify", "\(rev)^{commit}").trimmingCharacters(in: .whitespacesAndNewlines))!
    }

    @Test(arguments: ["v1.0.0", "v1.1.0", "v1.2.0", "exp-1", "main", "release", "feature", "HEAD", "v1.2.0~1", "v1.2.0~2", "v1.2.0-rc.1~1^2", "v1.2.0^{commit}"])
    func resolvesLikeGitRevParse(_ rev: String) throws {
        let repo = try fx.open()
        #expect(try repo.resolve(rev).commit == id(rev), "\(rev)")
        #expect(try fx.open(fx.bare).resolve(rev).commit == id(rev), "\(rev) in the bare clone")
    }

    @Test func resolvesFullAndShortIds() throws {
        let repo = try fx.open()
        let full = try id("v1.1.0")
        #expect(try repo.resolve(full.hex).commit == full)
        #expect(try repo.resolve(full.short(8)).commit == full)
        #expect(try repo.resolve(full.hex).tag == nil)
    }

    @Test func aLightweightTagHasNoAnnotation() throws {
        let r = try fx.open().resolve("v1.0.0")
        let tag = try #require(r.tag)
        #expect(tag.name == "v1.0.0")
        #expect(!tag.isAnnotated)
        #expect(tag.commit == r.commit)
        // A lightweight tag is dated by its commit.
        #expect(tag.date.seconds == Int64(try fx.git("log", "-1", "--format=%ct", "v1.0.0").trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    @Test func anAnnotatedTagGivesTaggerDateAndMessage() throws {
        let r = try fx.open().resolve("v1.2.0")
        let tag = try #require(r.tag)
        let note = try #require(tag.annotation)
        #expect(note.tagger?.name == "Fixture Bot")
        #expect(note.tagger?.email == "bot@example.com")
        #expect(note.message == "Release 1.2.0\n\nStop message, helpers, TOML settings.\n")
        let taggerDate = try fx.git("for-each-ref", "--format=%(taggerdate:unix)", "refs/tags/v1.2.0")
        #expect(tag.date.seconds == Int64(taggerDate.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(tag.date.offsetMinutes == 60)
        #expect(note.id.hex == (try fx.git("rev-parse", "v1.2.0").trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(tag.commit == (try id("v1.2.0")))
    }

    @Test func aTagExpressionIsNotATag() throws {
        #expect(try fx.open().resolve("v1.2.0~1").tag == nil)
        #expect(try fx.open().resolve("main").tag == nil)
    }

    @Test func anUnknownRevisionIsNamed() throws {
        let repo = try fx.open()
        #expect(throws: GitHistoryError.unknownRevision("v9.9.9")) { try repo.resolve("v9.9.9") }
        #expect(throws: GitHistoryError.unknownRevision("v1.2.0~99")) { try repo.resolve("v1.2.0~99") }
        #expect(throws: GitHistoryError.unknownRevision("no-such-branch")) { try repo.changes(from: "v1.0.0", to: "no-such-branch") }
        #expect(GitHistoryError.unknownRevision("v9.9.9").description.contains("'v9.9.9'"))
    }

    @Test func aTagOnATreeIsNotACommit() throws {
        #expect(throws: GitHistoryError.notACommit(revision: "tree-tag", kind: "tree")) { try fx.open().resolve("tree-tag") }
    }
}
