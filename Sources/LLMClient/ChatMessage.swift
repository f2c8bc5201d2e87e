/// One turn of a conversation, provider-neutral. Each client maps these onto its wire format
/// (Anthropic hoists system text to the top level and sends tool results as `tool_result` blocks in a
/// user turn; OpenAI-compatible servers get one `role: tool` message per result).
public enum ChatMessage: Sendable, Hashable, Codable {
    case system(String)
    case user(String)
    /// The model's turn: its text and the tools it asked to call. Feed it back unchanged in a tool loop.
    case assistant(text: String, toolCalls: [ToolCall])
    /// The answers to the tool calls of the previous assistant turn.
    case toolResults([ToolResult])

    public var role: ChatRole {
        switch self {
        case .system: .system
        case .user: .user
        case .assistant: .assistant
        case .toolResults: .tool
        }
    }
}

public enum ChatRole: String, Sendable, Hashable, Codable {
    case system, user, assistant, tool
}
