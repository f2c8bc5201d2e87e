/// One provider-neutral model call. Instructions belong in `systemPrompt`; log text goes in user
/// messages, fenced with `UntrustedText`.
public struct ChatRequest: Sendable, Hashable, Codable {
    public var model: String
    public var systemPrompt: String?
    public var messages: [ChatMessage]
    public var tools: [ToolDefinition]
    public var maxTokens: Int
    public var temperature: Double?
    /// When set, the client asks for JSON valid against it and reports the parsed, validated answer
    /// in `ChatResponse.structuredOutput`.
    public var responseSchema: ResponseSchema?

    public init(
        model: String,
        systemPrompt: String? = nil,
        messages: [ChatMessage],
        tools: [ToolDefinition] = [],
        maxTokens: Int = 1024,
        temperature: Double? = nil,
        responseSchema: ResponseSchema? = nil
    ) {
        self.model = model
        self.systemPrompt = systemPrompt
        self.messages = messages
        self.tools = tools
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.responseSchema = responseSchema
    }
}
