/// Builds the Messages API body: `system` at the top level, content blocks, tools with
/// `input_schema`, tool results as `tool_result` blocks in a user turn.
///
/// Structured output: Anthropic has no `response_format`. Without other tools, the answer schema
/// becomes a single tool that `tool_choice` forces, so the API returns the answer as that tool's
/// input object (no prose to strip). With other tools the model must stay free to call them, so
/// the schema goes into the system prompt and the final text is validated instead.
enum AnthropicRequestBody {
    static func mode(for request: ChatRequest) -> StructuredOutputMode? {
        guard request.responseSchema != nil else { return nil }
        return request.tools.isEmpty ? .forcedTool : .promptInstructions
    }

    static func make(_ request: ChatRequest) -> JSONValue {
        let mode = mode(for: request)
        var body: [String: JSONValue] = [
            "model": .string(request.model),
            "max_tokens": .integer(request.maxTokens),
            "messages": .array(messages(request.messages)),
        ]
        var system = ([request.systemPrompt] + request.messages.map(systemText)).compactMap { $0 }
            .filter { !$0.isEmpty }.joined(separator: "\n\n")
        if mode == .promptInstructions, let schema = request.responseSchema {
            system = StructuredOutput.systemPrompt(system, adding: schema)
        }
        if !system.isEmpty { body["system"] = .string(system) }
        if let temperature = request.temperature { body["temperature"] = .number(temperature) }
        var tools = request.tools.map(tool)
        if mode == .forcedTool, let schema = request.responseSchema {
            tools.append(answerTool(schema))
            body["tool_choice"] = ["type": "tool", "name": .string(schema.name)]
        }
        if !tools.isEmpty { body["tools"] = .array(tools) }
        return .object(body)
    }

    private static func systemText(_ message: ChatMessage) -> String? {
        if case .system(let text) = message { return text }
        return nil
    }

    private static func tool(_ definition: ToolDefinition) -> JSONValue {
        ["name": .string(definition.name), "description": .string(definition.description), "input_schema": definition.inputSchema]
    }

    static func answerTool(_ schema: ResponseSchema) -> JSONValue {
        let description = schema.description ?? "Give your answer as this tool's input."
        return ["name": .string(schema.name), "description": .string(description), "input_schema": schema.schema]
    }

    /// Consecutive turns of the same role are merged into one message (the API wants user and
    /// assistant to alternate), and in a user turn tool results come before text, as the API requires.
    private static func messages(_ messages: [ChatMessage]) -> [JSONValue] {
        var turns: [(role: String, blocks: [JSONValue])] = []
        for message in messages {
            guard let (role, blocks) = turn(message), !blocks.isEmpty else { continue }
            if turns.last?.role == role { turns[turns.count - 1].blocks += blocks } else { turns.append((role, blocks)) }
        }
        return turns.map { turn in
            let ordered = turn.blocks.filter(isToolResult) + turn.blocks.filter { !isToolResult($0) }
            return ["role": .string(turn.role), "content": .array(ordered)]
        }
    }

    private static func turn(_ message: ChatMessage) -> (String, [JSONValue])? {
        switch message {
        case .system:
            return nil
        case .user(let text):
            return ("user", text.isEmpty ? [] : [textBlock(text)])
        case .assistant(let text, let calls):
            return ("assistant", (text.isEmpty ? [] : [textBlock(text)]) + calls.map(toolUseBlock))
        case .toolResults(let results):
            return ("user", results.map(toolResultBlock))
        }
    }

    private static func textBlock(_ text: String) -> JSONValue { ["type": "text", "text": .string(text)] }

    private static func toolUseBlock(_ call: ToolCall) -> JSONValue {
        // The API requires an object; arguments kept as raw text (unparsable) are wrapped, not lost.
        let input: JSONValue = call.arguments.objectValue != nil ? call.arguments : ["raw": call.arguments]
        return ["type": "tool_use", "id": .string(call.id), "name": .string(call.name), "input": input]
    }

    private static func toolResultBlock(_ result: ToolResult) -> JSONValue {
        var block: [String: JSONValue] = [
            "type": "tool_result", "tool_use_id": .string(result.toolCallID), "content": .string(result.content),
        ]
        if result.isError { block["is_error"] = true }
        return .object(block)
    }

    private static func isToolResult(_ block: JSONValue) -> Bool { block["type"] == "tool_result" }
}
