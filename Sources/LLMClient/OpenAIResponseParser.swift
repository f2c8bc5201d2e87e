import Foundation
import Redaction

/// Reads a chat completions answer, tolerating what local servers vary on: `content` as a string,
/// null or an array of parts; `tool_calls[].function.arguments` as a JSON string or an object; a
/// missing tool call `id`; missing `usage`.
enum OpenAIResponseParser {
    static func parse(_ body: Data, request: ChatRequest, mode: StructuredOutputMode?, attempts: Int) throws -> ChatResponse {
        let json: JSONValue
        do { json = try JSONValue(data: body) } catch {
            throw LLMClientError.malformedResponse(provider: .openAICompatible, reason: "the body is not JSON (\(BodyPreview.of(body)))")
        }
        if let error = json["error"], !error.isNull {
            let message = error["message"]?.stringValue ?? error.stringValue ?? error.jsonString
            throw LLMClientError.malformedResponse(provider: .openAICompatible, reason: "a success status carrying an error: \(Redactor().redact(message))")
        }
        guard let choice = json["choices"]?[0], let message = choice["message"] else {
            throw LLMClientError.malformedResponse(provider: .openAICompatible, reason: "no 'choices[0].message' (\(BodyPreview.of(body)))")
        }
        let turn = request.messages.count
        let calls = try (message["tool_calls"]?.arrayValue ?? []).enumerated().map { index, call in
            try toolCall(call, index: index, turn: turn)
        }
        return ChatResponse.assemble(
            provider: .openAICompatible, model: json["model"]?.stringValue ?? request.model,
            text: text(message["content"]), toolCalls: calls,
            wireStopReason: choice["finish_reason"]?.stringValue,
            usage: TokenUsage(
                inputTokens: json["usage"]?["prompt_tokens"]?.intValue ?? 0,
                outputTokens: json["usage"]?["completion_tokens"]?.intValue ?? 0),
            request: request, mode: mode, attempts: attempts)
    }

    private static func text(_ content: JSONValue?) -> String {
        switch content {
        case .string(let s)?: s
        case .array(let parts)?: parts.compactMap { $0["text"]?.stringValue ?? $0.stringValue }.joined()
        default: ""
        }
    }

    private static func toolCall(_ call: JSONValue, index: Int, turn: Int) throws -> ToolCall {
        let function = call["function"] ?? call
        guard let name = function["name"]?.stringValue, !name.isEmpty else {
            throw LLMClientError.malformedResponse(provider: .openAICompatible, reason: "tool_calls[\(index)] has no function name")
        }
        let arguments = self.arguments(function["arguments"])
        let id = call["id"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            ?? ToolCallID.stable(turn: turn, index: index, name: name, arguments: arguments)
        return ToolCall(id: id, name: name, arguments: arguments)
    }

    /// A JSON string is parsed; an object is taken as is; empty or absent means no arguments.
    /// Text that does not parse is kept as `.string` for the caller to reject in a tool result.
    private static func arguments(_ raw: JSONValue?) -> JSONValue {
        switch raw {
        case nil, .null?: return [:]
        case .string(let text)?:
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { return [:] }
            return (try? JSONValue(parsing: trimmed)) ?? .string(text)
        case let value?: return value
        }
    }
}
