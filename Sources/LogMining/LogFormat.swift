/// Keys that structured formats (JSON lines, logfmt) use for the fields the miner reads.
public struct FieldKeys: Codable, Sendable, Equatable {
    public var message: [String]
    public var level: [String]
    public var time: [String]
    public var component: [String]

    public init(
        message: [String] = ["msg", "message", "log", "event"],
        level: [String] = ["level", "severity", "lvl", "loglevel", "levelname"],
        time: [String] = ["time", "ts", "timestamp", "@timestamp", "datetime"],
        component: [String] = ["logger", "component", "name", "module", "logger_name", "caller"]
    ) {
        self.message = message
        self.level = level
        self.time = time
        self.component = component
    }
}

/// How records are framed and where their message is.
public enum LogFormat: Sendable, Equatable {
    /// Every line is a record and the whole line is the message.
    case plain
    /// A header format; lines that do not match it continue the record before them.
    case header(HeaderFormat)
    /// One JSON object per line; the message is the value of one of `keys.message`.
    case jsonLines(FieldKeys)
    /// `key=value` pairs; the message is the value of one of `keys.message`, else the whole line.
    case logfmt(FieldKeys)

    /// Parses a `--log-format` value: `json`, `logfmt`, `plain`, or a logparser header format.
    public init(argument: String) throws {
        switch argument.lowercased() {
        case "json", "jsonl", "json-lines": self = .jsonLines(FieldKeys())
        case "logfmt": self = .logfmt(FieldKeys())
        case "plain", "<content>": self = .plain
        default:
            let h = try HeaderFormat(argument)
            self = h.isContentOnly ? .plain : .header(h)
        }
    }

    public var description: String {
        switch self {
        case .plain: "plain (each line is one message)"
        case .header(let h): "header '\(h.source)'"
        case .jsonLines: "JSON lines"
        case .logfmt: "logfmt"
        }
    }
}
