import Foundation

/// Reads a Messages API answer: `content` blocks of type `text` and `tool_use`, `stop_reason`,
/// `usage`. Other block types (thinking) are skipped.
enum AnthropicResponseParser {
    static func parse(_ body: Data, request: ChatRequest, attempts: Int) throws -> ChatResponse {
        let json: JSONValue
        do { json = try JSONValue(data: body) } catch {
            throw LLMClientError.malformedResponse(provider: .anthropic, reason: "the body is not JSON (\(BodyPreview.of(body)))")
        }
        if json["type"] == "error" {
            let message = json["error"]?["message"]?.stringValue ?? "no message"
            throw LLMClientError.malformedResponse(provider: .anthropic, reason: "a success status carrying an error: \(message)")
        }
        guard let content = json["content"]?.arrayValue else {
            throw LLMClientError.malformedResponse(provider: .anthropic, reason: "no 'content' array (\(BodyPreview.of(body)))")
        }
        var text = ""
        var calls: [ToolCall] = []
        for (index, block) in content.enumerated() {
            switch block["type"]?.stringValue {
            case "text": text += block["text"]?.stringValue ?? ""
            case "tool_use": calls.append(try toolCall(block, index: index, turn: request.messages.count))
            default: continue
            }
        }
        let mode = AnthropicRequestBody.mode(for: request)
        let answer = mode == .forcedTool ? calls.first { $0.name == request.responseSchema?.name } : nil
        if answer != nil { calls.removeAll { $0.name == request.responseSchema?.name } }
        var response = ChatResponse.assemble(
            provider: .anthropic, model: json["model"]?.stringValue ?? request.model,
            text: answer?.arguments.jsonString ?? text, toolCalls: calls,
            wireStopReason: answer != nil ? "end_turn" : json["stop_reason"]?.stringValue,
            usage: TokenUsage(
                inputTokens: json["usage"]?["input_tokens"]?.intValue ?? 0,
                outputTokens: json["usage"]?["output_tokens"]?.intValue ?? 0),
            request: request, mode: mode, attempts: attempts)
        if mode == .forcedTool, let schema = request.responseSchema {
            (response.structuredOutput, response.structuredOutputIssues) =
                answer.map { StructuredOutput.check(value: $0.arguments, against: schema) }
                ?? (nil, ["the model did not call the answer tool '\(schema.name)'"])
        }
        return response
    }

    private static func toolCall(_ block: JSONValue, index: Int, turn: Int) throws -> ToolCall {
        guard let name = block["name"]?.stringValue, !name.isEmpty else {
            throw LLMClientError.malformedResponse(provider: .anthropic, reason: "a tool_use block without a name")
        }
        let input = block["input"] ?? [:]
        let id = block["id"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            ?? ToolCallID.stable(turn: turn, index: index, name: name, arguments: input)
        return ToolCall(id: id, name: name, arguments: input)
    }
}
