import CGit2

/// Git history through libgit2: tags, commit ranges, diffs and hunks. The entry point is
/// `GitRepository`; docs/git-history.md describes the API. This namespace only reports the linked libgit2.
public enum GitHistory {
    /// The linked libgit2 version as "major.minor.revision".
    public static func libgit2Version() -> String {
        var major: Int32 = 0
        var minor: Int32 = 0
        var rev: Int32 = 0
        git_libgit2_version(&major, &minor, &rev)
        return "\(major).\(minor).\(rev)"
    }
}
