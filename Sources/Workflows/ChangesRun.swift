import GitHistory

/// `changes`: the commits of BASE..HEAD and the hunks of the diff, each with the commits that wrote it.
public struct ChangesRequest: Sendable {
    public var repository: String
    public var base: String
    public var head: String
    public var limits: DiffLimits

    public init(repository: String, base: String, head: String, limits: DiffLimits) {
        self.repository = repository
        self.base = base
        self.head = head
        self.limits = limits
    }
}

public enum ChangesRun {
    public static func run(_ r: ChangesRequest) throws -> ChangeSet {
        try GitRepository.open(path: r.repository).changes(from: r.base, to: r.head, limits: r.limits)
    }
}
