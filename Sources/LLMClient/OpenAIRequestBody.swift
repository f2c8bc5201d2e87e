/// Builds a chat completions body: `messages` with roles, `tools` as
/// `{type: function, function: {name, description, parameters}}`, tool results as `role: tool`
/// messages with `tool_call_id`, and `response_format` for the negotiated structured-output mode.
///
/// `max_tokens` rather than `max_completion_tokens`: every local server reads it.
enum OpenAIRequestBody {
    static func make(_ request: ChatRequest, mode: StructuredOutputMode?) -> JSONValue {
        var body: [String: JSONValue] = [
            "model": .string(request.model),
            "max_tokens": .integer(request.maxTokens),
            "messages": .array(messages(request)),
        ]
        if let temperature = request.temperature { body["temperature"] = .number(temperature) }
        if !request.tools.isEmpty { body["tools"] = .array(request.tools.map(tool)) }
        if let mode, let schema = request.responseSchema,
            let format = StructuredOutputNegotiation.responseFormat(mode, schema: schema)
        {
            body["response_format"] = format
        }
        return .object(body)
    }

    private static func messages(_ request: ChatRequest) -> [JSONValue] {
        let system = request.responseSchema.map { StructuredOutput.systemPrompt(request.systemPrompt, adding: $0) }
            ?? request.systemPrompt
        let head: [JSONValue] = system.map { $0.isEmpty ? [] : [message("system", $0)] } ?? []
        return head + request.messages.flatMap(wire)
    }

    private static func wire(_ message: ChatMessage) -> [JSONValue] {
        switch message {
        case .system(let text): return [self.message("system", text)]
        case .user(let text): return [self.message("user", text)]
        case .assistant(let text, let calls): return [assistant(text, calls)]
        case .toolResults(let results): return results.map(toolResult)
        }
    }

    private static func message(_ role: String, _ content: String) -> JSONValue {
        ["role": .string(role), "content": .string(content)]
    }

    private static func assistant(_ text: String, _ calls: [ToolCall]) -> JSONValue {
        guard !calls.isEmpty else { return message("assistant", text) }
        return [
            "role": "assistant",
            "content": text.isEmpty ? .null : .string(text),
            "tool_calls": .array(calls.map(toolCall)),
        ]
    }

    /// Arguments travel as a JSON string, as OpenAI defines them; unparsable text the model once
    /// wrote goes back as it came.
    private static func toolCall(_ call: ToolCall) -> JSONValue {
        let arguments = call.arguments.stringValue ?? call.arguments.jsonString
        return [
            "id": .string(call.id), "type": "function",
            "function": ["name": .string(call.name), "arguments": .string(arguments)],
        ]
    }

    private static func toolResult(_ result: ToolResult) -> JSONValue {
        // There is no error flag on this wire; say it in the content.
        let content = result.isError ? "Error: \(result.content)" : result.content
        return ["role": "tool", "tool_call_id": .string(result.toolCallID), "content": .string(content)]
    }

    private static func tool(_ definition: ToolDefinition) -> JSONValue {
        [
            "type": "function",
            "function": [
                "name": .string(definition.name), "description": .string(definition.description),
                "parameters": definition.inputSchema,
            ],
        ]
    }
}
