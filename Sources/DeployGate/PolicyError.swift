/// A policy file that cannot be used. Each message names the file, the line where there is one,
/// and what to change.
public enum PolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(path: String)
    case invalidYAML(path: String, reason: String)
    case unknownKey(path: String, line: Int, key: String, known: [String])
    /// A list or a mapping where a single value belongs, or the other way round.
    case wrongShape(path: String, line: Int, key: String, expected: String)
    /// A value of the wrong type or out of range; `problem` says what is wrong and what to write.
    case invalidValue(path: String, line: Int, key: String, problem: String)

    public var description: String {
        switch self {
        case .unreadable(let path):
            "\(path): cannot read the policy file; check the path"
        case .invalidYAML(let path, let reason):
            "\(path): not valid YAML: \(reason)"
        case .unknownKey(let path, let line, let key, let known):
            "\(path):\(line): unknown key '\(key)'; known here: \(known.joined(separator: ", "))"
        case .wrongShape(let path, let line, let key, let expected):
            "\(path):\(line): '\(key)' must be \(expected)"
        case .invalidValue(let path, let line, let key, let problem):
            "\(path):\(line): '\(key)': \(problem)"
        }
    }
}
