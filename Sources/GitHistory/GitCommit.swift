/// One commit of a range, as `git log` shows it.
public struct GitCommit: Hashable, Sendable, Codable {
    public let id: ObjectID
    public let parents: [ObjectID]
    public let author: GitSignature
    public let committer: GitSignature
    /// The first paragraph of the message, on one line (`%s`).
    public let subject: String
    /// The rest of the message (`%b`), trimmed; empty when there is none.
    public let body: String
    /// Paths the commit changed, sorted. For a merge, only the paths that differ from every parent:
    /// what the merge itself decided, not what it brought in.
    public let files: [String]

    public init(
        id: ObjectID, parents: [ObjectID], author: GitSignature, committer: GitSignature, subject: String, body: String,
        files: [String]
    ) {
        self.id = id
        self.parents = parents
        self.author = author
        self.committer = committer
        self.subject = subject
        self.body = body
        self.files = files
    }

    public var isMerge: Bool { parents.count > 1 }
}
