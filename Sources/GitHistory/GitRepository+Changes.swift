import CGit2

extension GitRepository {
    /// The commits of `base..head`: reachable from head and not from base, newest first.
    public func commits(from base: String, to head: String) throws -> [GitCommit] {
        try requireFullHistory()
        let (b, h) = (try resolve(base), try resolve(head))
        return try CommitRange(repository: self, base: b.commit, head: h.commit).commits
    }

    /// The diff of the two commits' trees, as `git diff base head`, without attribution. Works on a
    /// shallow clone as long as both commits are in it.
    public func diff(from base: String, to head: String, limits: DiffLimits = DiffLimits()) throws -> TreeDiff {
        let (b, h) = (try resolve(base), try resolve(head))
        return try PatchReader(repository: self, limits: limits).read(from: b.commit, to: h.commit)
    }

    /// Commits, diff and attribution between two revisions.
    public func changes(from base: String, to head: String, limits: DiffLimits = DiffLimits()) throws -> ChangeSet {
        try requireFullHistory()
        return try changes(from: try resolve(base), to: try resolve(head), limits: limits)
    }

    /// Commits, diff and attribution between two resolved revisions: every added line carries the
    /// commit in the range that introduced it, and every hunk the set of those commits.
    public func changes(from base: ResolvedRevision, to head: ResolvedRevision, limits: DiffLimits = DiffLimits()) throws -> ChangeSet {
        try requireFullHistory()
        let range = try CommitRange(repository: self, base: base.commit, head: head.commit)
        let diff = try PatchReader(repository: self, limits: limits).read(from: base.commit, to: head.commit)
        let files = try FileAttribution(repository: self, range: range, head: head.commit).attribute(diff.files)
        return ChangeSet(base: base, head: head, commits: range.commits, files: files, limits: diff.limits)
    }
}
