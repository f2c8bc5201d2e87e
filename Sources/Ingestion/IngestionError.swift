/// Errors of reading inputs: a file that cannot be read, a schedule that cannot be parsed. An
/// input's error fails that input only; the run goes on with the others.
public enum IngestionError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case invalidDeploysFile(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "\(path): cannot read: \(reason); check that the file exists and is readable"
        case .invalidDeploysFile(let path, let line, let reason):
            "\(path):\(line): \(reason); each line is 'name,time[,commit]' with an ISO-8601 time"
        }
    }
}
