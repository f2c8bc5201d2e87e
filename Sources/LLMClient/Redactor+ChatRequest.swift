import Redaction
/// Redaction of a whole request: everything that carries text from logs, diffs or tools. Tool
/// definitions and the answer schema are deploydiff's own text and pass unchanged.
extension Redactor {
    public func redact(_ request: ChatRequest) -> ChatRequest {
        var copy = request
        copy.systemPrompt = request.systemPrompt.map(redact)
        copy.messages = request.messages.map(redact)
        return copy
    }

    public func redact(_ message: ChatMessage) -> ChatMessage {
        switch message {
        case .system(let text): .system(redact(text))
        case .user(let text): .user(redact(text))
        case .assistant(let text, let calls):
            .assistant(
                text: redact(text),
                toolCalls: calls.map { ToolCall(id: $0.id, name: $0.name, arguments: redact($0.arguments)) })
        case .toolResults(let results):
            .toolResults(results.map { ToolResult(toolCallID: $0.toolCallID, content: redact($0.content), isError: $0.isError) })
        }
    }

    /// Strings anywhere inside a JSON value (tool arguments echo what the model read).
    public func redact(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let s): .string(redact(s))
        case .array(let items): .array(items.map(redact))
        case .object(let members): .object(members.mapValues(redact))
        default: value
        }
    }
}
