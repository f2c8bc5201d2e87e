/// Errors of the mining library. Each message says what to change.
public enum LogMiningError: Error, Equatable, CustomStringConvertible {
    case invalidLogFormat(format: String, reason: String)
    case invalidMaskPattern(name: String, pattern: String, reason: String)
    case unreadable(path: String, reason: String)
    case stateVersion(found: Int, supported: Int)
    case corruptState(reason: String)

    public var description: String {
        switch self {
        case .invalidLogFormat(let f, let r):
            "invalid log format '\(f)': \(r); write fields as <Name> with <Content> for the message, e.g. '<Date> <Time> <Level> <Component>: <Content>'"
        case .invalidMaskPattern(let n, let p, let r):
            "masking rule '\(n)' has an invalid regular expression '\(p)': \(r); fix the pattern in the configuration"
        case .unreadable(let p, let r):
            "\(p): cannot read: \(r); check that the file exists and is readable"
        case .stateVersion(let found, let supported):
            "miner state version \(found) is newer than this build supports (\(supported)); upgrade deploydiff"
        case .corruptState(let r):
            "miner state is corrupt: \(r); re-index from the logs to rebuild it"
        }
    }
}
