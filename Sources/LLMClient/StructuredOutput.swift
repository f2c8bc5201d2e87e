/// Turning a model's text into the structured answer it was asked for: the prompt wording that asks
/// for it, and the parsing and validation that check it. Used whenever the server did not enforce the
/// schema itself, and as a check when it claims to have.
enum StructuredOutput {
    /// Appended to the system prompt. Always sent, even when the server enforces the schema: a
    /// server that silently ignores `response_format` still gets a model that knows the shape, and
    /// OpenAI's `json_object` mode refuses requests whose messages never mention JSON.
    static func instructions(for schema: ResponseSchema) -> String {
        var text = "Answer with one JSON object and nothing else: no prose, no Markdown code fences. "
        text += "It must be valid against this JSON Schema (\(schema.name)):\n\(schema.schema.jsonString)"
        if let description = schema.description { text += "\n\(description)" }
        return text
    }

    static func systemPrompt(_ base: String?, adding schema: ResponseSchema) -> String {
        [base, instructions(for: schema)].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n\n")
    }

    /// The answer if it is JSON valid against the schema, else the issues that say why not.
    static func check(text: String, against schema: ResponseSchema) -> (value: JSONValue?, issues: [String]) {
        guard let candidate = jsonCandidate(in: text) else {
            return (nil, ["the answer contains no JSON object"])
        }
        let value: JSONValue
        do { value = try JSONValue(parsing: candidate) } catch { return (nil, ["the answer is not valid JSON: \(error)"]) }
        return check(value: value, against: schema)
    }

    static func check(value: JSONValue, against schema: ResponseSchema) -> (value: JSONValue?, issues: [String]) {
        let issues = JSONSchemaValidator(schema: schema.schema).issues(in: value)
        return (issues.isEmpty ? value : nil, issues)
    }

    /// Small models wrap JSON in Markdown fences or a sentence; take the outermost object.
    static func jsonCandidate(in text: String) -> String? {
        guard let open = text.firstIndex(of: "{"), let close = text.lastIndex(of: "}"), open < close else { return nil }
        return String(text[open...close])
    }
}
