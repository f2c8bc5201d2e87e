/// Errors of the use cases themselves; the libraries below report their own.
public enum WorkflowError: Error, Equatable, CustomStringConvertible {
    /// Deploy times were to come from tags, and the repository has none (matching the pattern).
    case noDeployTags(repository: String, tagPattern: String?)

    public var description: String {
        switch self {
        case .noDeployTags(let repository, let pattern):
            "\(repository): no tags\(pattern.map { " match '\($0)'" } ?? ""); tag the deploys"
        }
    }
}
