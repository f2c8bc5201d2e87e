/// Everything between two revisions: the commits of A..B, the diff of their trees, and which
/// commit introduced each added line.
public struct ChangeSet: Hashable, Sendable, Codable {
    public let base: ResolvedRevision
    public let head: ResolvedRevision
    /// Commits reachable from head and not from base, newest first (topological, then by date).
    public let commits: [GitCommit]
    /// Files in path order.
    public let files: [FileChange]
    public let limits: DiffLimitReport

    public init(base: ResolvedRevision, head: ResolvedRevision, commits: [GitCommit], files: [FileChange], limits: DiffLimitReport) {
        self.base = base
        self.head = head
        self.commits = commits
        self.files = files
        self.limits = limits
    }

    public var additions: Int { files.reduce(0) { $0 + $1.additions } }
    public var deletions: Int { files.reduce(0) { $0 + $1.deletions } }
}

/// The diff of two trees, without commits or attribution.
public struct TreeDiff: Hashable, Sendable, Codable {
    public let files: [FileChange]
    public let limits: DiffLimitReport

    public init(files: [FileChange], limits: DiffLimitReport) {
        self.files = files
        self.limits = limits
    }
}
