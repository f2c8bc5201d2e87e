/// Why the model stopped, normalised across providers. A turn that carries tool calls is always
/// `.toolUse`, whatever the server said (some local servers answer `stop` with tool calls).
public enum StopReason: Sendable, Hashable, Codable {
    case endTurn
    case maxTokens
    case toolUse
    case stopSequence
    case contentFilter
    case other(String)

    /// Maps both providers' words: Anthropic `end_turn`/`max_tokens`/`tool_use`/`stop_sequence`,
    /// OpenAI `stop`/`length`/`tool_calls`/`content_filter`.
    public init(wire: String?) {
        switch wire {
        case nil, "end_turn", "stop": self = .endTurn
        case "max_tokens", "length": self = .maxTokens
        case "tool_use", "tool_calls", "function_call": self = .toolUse
        case "stop_sequence": self = .stopSequence
        case "content_filter", "refusal": self = .contentFilter
        case let other?: self = .other(other)
        }
    }
}
