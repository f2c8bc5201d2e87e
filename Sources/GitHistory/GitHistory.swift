import CGit2

/// Git history through libgit2: tags, commit ranges, diffs and hunks.
///
/// This target is being built (issue "Git history through libgit2"); so far it only reports the
/// libgit2 it is linked against.
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
