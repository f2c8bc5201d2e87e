/// A revision as the user wrote it and the commit it names.
public struct ResolvedRevision: Hashable, Sendable, Codable {
    /// What was asked for: "v1.2.0", "main", "HEAD~2", "3f2a9c1".
    public let spec: String
    public let commit: ObjectID
    /// Set when `spec` is a tag's name.
    public let tag: GitTag?

    public init(spec: String, commit: ObjectID, tag: GitTag?) {
        self.spec = spec
        self.commit = commit
        self.tag = tag
    }
}
