/// Errors of reading inputs: a file that cannot be read. An input's error fails that input only;
/// the run goes on with the others.
public enum IngestionError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "\(path): cannot read: \(reason); check that the file exists and is readable"
        }
    }
}
