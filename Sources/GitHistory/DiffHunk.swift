/// One hunk of a file's patch. `lines` holds the added and removed lines; context lines are counted
/// in the ranges but not kept.
public struct DiffHunk: Hashable, Sendable, Codable {
    /// The "@@ -a,b +c,d @@ context" line, without its newline.
    public let header: String
    public let oldStart: Int
    public let oldCount: Int
    public let newStart: Int
    public let newCount: Int
    public var lines: [DiffLine]
    /// The commits in the range that introduced this hunk's added lines, in range order (newest first).
    /// Empty when the hunk only removes lines or its lines predate the range.
    public var commits: [ObjectID]

    public init(header: String, oldStart: Int, oldCount: Int, newStart: Int, newCount: Int, lines: [DiffLine], commits: [ObjectID] = []) {
        self.header = header
        self.oldStart = oldStart
        self.oldCount = oldCount
        self.newStart = newStart
        self.newCount = newCount
        self.lines = lines
        self.commits = commits
    }

    public var additions: Int { lines.count { $0.kind == .added } }
    public var deletions: Int { lines.count { $0.kind == .removed } }
}

/// An added or removed line.
public struct DiffLine: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable {
        case added, removed
    }

    public let kind: Kind
    /// The line's number in the old file, for removed lines.
    public let oldLine: Int?
    /// The line's number in the new file, for added lines.
    public let newLine: Int?
    /// The text without its line break (a "\r" of a CRLF file stays).
    public let text: String
    /// For added lines: the commit in the range that introduced the line, nil when it predates the range.
    public var commit: ObjectID?

    public init(kind: Kind, oldLine: Int?, newLine: Int?, text: String, commit: ObjectID? = nil) {
        self.kind = kind
        self.oldLine = oldLine
        self.newLine = newLine
        self.text = text
        self.commit = commit
    }
}
