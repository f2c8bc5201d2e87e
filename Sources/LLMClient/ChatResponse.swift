/// A model's answer, provider-neutral.
public struct ChatResponse: Sendable, Hashable, Codable {
    public var provider: ProviderKind
    /// The model as the server named it (falls back to the requested name).
    public var model: String
    public var text: String
    public var toolCalls: [ToolCall]
    public var stopReason: StopReason
    public var usage: TokenUsage
    /// Set when the request carried a `responseSchema`.
    public var structuredOutputMode: StructuredOutputMode?
    /// The parsed answer, present only when it is JSON valid against the schema.
    public var structuredOutput: JSONValue?
    /// Why the answer is not valid structured output; empty when it is (or none was asked for).
    public var structuredOutputIssues: [String]
    /// Tools were offered but the server answered with no text and no tool call: it cannot call tools
    /// (llama.cpp server with its default chat format does this). The caller falls back to a
    /// tool-less prompt.
    public var toolsUnsupported: Bool
    /// HTTP requests this answer took, counting retries and format negotiation.
    public var attempts: Int

    public init(
        provider: ProviderKind, model: String, text: String, toolCalls: [ToolCall] = [],
        stopReason: StopReason = .endTurn, usage: TokenUsage = TokenUsage(),
        structuredOutputMode: StructuredOutputMode? = nil, structuredOutput: JSONValue? = nil,
        structuredOutputIssues: [String] = [], toolsUnsupported: Bool = false, attempts: Int = 1
    ) {
        self.provider = provider
        self.model = model
        self.text = text
        self.toolCalls = toolCalls
        self.stopReason = stopReason
        self.usage = usage
        self.structuredOutputMode = structuredOutputMode
        self.structuredOutput = structuredOutput
        self.structuredOutputIssues = structuredOutputIssues
        self.toolsUnsupported = toolsUnsupported
        self.attempts = attempts
    }

    /// This answer as the assistant turn to append to the conversation before sending tool results.
    public var message: ChatMessage { .assistant(text: text, toolCalls: toolCalls) }
}
