/// A tag, peeled to the commit it marks.
public struct GitTag: Hashable, Sendable, Codable {
    /// The short name ("v1.2.0", not "refs/tags/v1.2.0").
    public let name: String
    /// The commit the tag peels to, through any chain of annotated tags.
    public let commit: ObjectID
    /// Tagger and message, for annotated tags; nil for lightweight ones.
    public let annotation: TagAnnotation?
    /// When the deploy was tagged: the tagger's date for annotated tags, else the commit's committer date.
    public let date: GitTime

    public init(name: String, commit: ObjectID, annotation: TagAnnotation?, date: GitTime) {
        self.name = name
        self.commit = commit
        self.annotation = annotation
        self.date = date
    }

    public var isAnnotated: Bool { annotation != nil }

    /// The version the name reads as, if any.
    public var version: SemanticVersion? { SemanticVersion(tagName: name) }
}

/// What an annotated tag adds to a lightweight one.
public struct TagAnnotation: Hashable, Sendable, Codable {
    /// The tag object's own id (not the commit's).
    public let id: ObjectID
    /// Nil for the rare tag written without a tagger.
    public let tagger: GitSignature?
    public let message: String

    public init(id: ObjectID, tagger: GitSignature?, message: String) {
        self.id = id
        self.tagger = tagger
        self.message = message
    }
}
