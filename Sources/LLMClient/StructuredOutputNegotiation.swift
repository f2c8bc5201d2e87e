/// The OpenAI-compatible fallback order for structured output, and how a refusal of the form is
/// told apart from other failures.
///
/// Servers differ: OpenAI and vLLM accept `json_schema`; llama.cpp's Python server accepts only
/// `json_object` with a `schema` and refuses `json_schema` (with a 500 that names
/// `response_format`, not the 400 or 422 others use); some ignore both.
enum StructuredOutputNegotiation {
    static let order: [StructuredOutputMode] = [.jsonSchema, .jsonObject, .promptInstructions]

    static func next(after mode: StructuredOutputMode) -> StructuredOutputMode? {
        guard let i = order.firstIndex(of: mode), i + 1 < order.count else { return nil }
        return order[i + 1]
    }

    /// A refusal of the `response_format` we sent, which means "try the next form" rather than
    /// "retry" or "fail": a 400/422 that is not about the model or the context length, or a server
    /// error whose text names `response_format`.
    static func isFormatRejection(_ response: HTTPResponse) -> Bool {
        let error = ProviderErrorBody(response.body)
        switch response.status {
        case 400, 422:
            return !error.saysModelNotFound && error.code != "context_length_exceeded"
        case 500...599:
            return response.bodyText.contains("response_format")
        default:
            return false
        }
    }

    /// The `response_format` member for a mode; nil when the schema travels in the prompt only.
    static func responseFormat(_ mode: StructuredOutputMode, schema: ResponseSchema) -> JSONValue? {
        switch mode {
        case .jsonSchema:
            var inner: [String: JSONValue] = ["name": .string(schema.name), "schema": schema.schema, "strict": true]
            if let description = schema.description { inner["description"] = .string(description) }
            return ["type": "json_schema", "json_schema": .object(inner)]
        case .jsonObject:
            return ["type": "json_object", "schema": schema.schema]
        case .promptInstructions, .forcedTool:
            return nil
        }
    }
}
