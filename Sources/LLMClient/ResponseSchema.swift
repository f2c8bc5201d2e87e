/// A request for structured output: the answer must be one JSON object valid against `schema`.
/// `name` labels it on the wire (OpenAI `json_schema.name`, Anthropic's forced tool) and should match
/// `^[a-zA-Z0-9_-]{1,64}$`.
public struct ResponseSchema: Sendable, Hashable, Codable {
    public var name: String
    public var description: String?
    public var schema: JSONValue

    public init(name: String, description: String? = nil, schema: JSONValue) {
        self.name = name
        self.description = description
        self.schema = schema
    }
}
