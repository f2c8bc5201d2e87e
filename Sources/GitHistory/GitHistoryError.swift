/// Errors of the git history library. Each message names what was asked for and says what to change.
public enum GitHistoryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No repository at `path` or in any folder above it.
    case notARepository(path: String)
    /// A revision (tag, branch, id, expression) that names nothing in the repository.
    case unknownRevision(String)
    /// A short id that matches more than one object.
    case ambiguousRevision(String)
    /// A revision that names a tree or a blob rather than a commit.
    case notACommit(revision: String, kind: String)
    /// History is cut off, so ranges, diffs and attribution would be silently incomplete.
    case shallowClone(path: String, fix: String)
    /// The repository has no tags at all, which is what a CI checkout without tags looks like.
    case missingTags(wanted: String, path: String, fix: String)
    /// Tags exist but none matches the deploy tag pattern.
    case noTagMatches(pattern: String, available: [String])
    /// `predecessor(of:)` was asked about a tag the pattern does not select.
    case tagNotSelected(tag: String, pattern: String)
    /// A libgit2 call failed; `klass` and `message` come from `git_error_last()`.
    case libgit2(klass: Int32, code: Int32, message: String, call: String)

    /// The fix for a shallow clone, for local checkouts and for GitHub Actions.
    public static let unshallowFix =
        "run `git fetch --tags --unshallow` in the repository (GitHub Actions: set `fetch-depth: 0` on actions/checkout)"
    /// The fix for a checkout without tags.
    public static let fetchTagsFix =
        "run `git fetch --tags` in the repository (GitHub Actions: set `fetch-depth: 0` on actions/checkout)"

    public var description: String {
        switch self {
        case .notARepository(let p):
            "'\(p)' is not in a git repository; point at the repository's folder"
        case .unknownRevision(let r):
            "unknown revision '\(r)': no tag, branch or commit has that name; check it with `git rev-parse --verify '\(r)^{commit}'` or list tags with `git tag --list`"
        case .ambiguousRevision(let r):
            "revision '\(r)' is ambiguous: more than one object starts with it; give more characters of the id"
        case .notACommit(let r, let kind):
            "revision '\(r)' names a \(kind), not a commit; name a tag, branch or commit"
        case .shallowClone(let p, let fix):
            "'\(p)' is a shallow clone: its history is cut off, so commit ranges and attribution would be incomplete; fix: \(fix)"
        case .missingTags(let wanted, let p, let fix):
            "\(wanted) not found: '\(p)' has no tags at all (CI checkouts often fetch without tags); fix: \(fix)"
        case .noTagMatches(let pattern, let available):
            "no tag matches the pattern '\(pattern)'\(Self.listing(available)); fix the tag pattern"
        case .tagNotSelected(let tag, let pattern):
            "tag '\(tag)' does not match the deploy tag pattern '\(pattern)'; pick a deploy tag or change the pattern"
        case .libgit2(let klass, let code, let message, let call):
            "libgit2 \(call) failed (\(LibGit2.className(klass)) error, code \(code)): \(message)"
        }
    }

    private static func listing(_ names: [String]) -> String {
        guard !names.isEmpty else { return "" }
        let shown = names.prefix(5).joined(separator: ", ")
        return " (tags: \(shown)\(names.count > 5 ? ", … \(names.count - 5) more" : ""))"
    }
}
