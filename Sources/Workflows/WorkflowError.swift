/// Errors of the use cases themselves; the libraries below report their own.
public enum WorkflowError: Error, Equatable, CustomStringConvertible {
    /// Deploy times were to come from tags, and the repository has none (matching the pattern).
    case noDeployTags(repository: String, tagPattern: String?)
    /// A line of a deploy-schedule CSV that is not `name,time[,commit]`.
    case invalidDeploysFile(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .noDeployTags(let repository, let pattern):
            "\(repository): no tags\(pattern.map { " match '\($0)'" } ?? ""); tag the deploys"
        case .invalidDeploysFile(let path, let line, let reason):
            "\(path):\(line): \(reason); each line is 'name,time[,commit]' with an ISO-8601 time"
        }
    }
}
