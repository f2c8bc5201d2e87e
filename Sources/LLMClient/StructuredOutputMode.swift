/// How a structured answer was obtained; recorded in findings because it tells how far the answer
/// was constrained by the server rather than only asked for.
public enum StructuredOutputMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// OpenAI `response_format: {type: json_schema, json_schema: {..., strict: true}}`.
    case jsonSchema = "json_schema"
    /// `response_format: {type: json_object, schema: ...}` (llama.cpp server, Anyscale style).
    case jsonObject = "json_object"
    /// No server support: the schema is in the system prompt and the answer is validated here.
    case promptInstructions = "prompt"
    /// Anthropic: a single tool whose input schema is the answer schema, and `tool_choice` forcing it.
    case forcedTool = "forced_tool"
}
