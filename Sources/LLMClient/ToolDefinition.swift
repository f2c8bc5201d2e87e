/// A tool the model may call. `inputSchema` is a JSON Schema object describing the arguments.
/// Names should match `^[a-zA-Z0-9_-]{1,64}$`, which both providers require.
public struct ToolDefinition: Sendable, Hashable, Codable {
    public var name: String
    public var description: String
    public var inputSchema: JSONValue

    public init(name: String, description: String, inputSchema: JSONValue) {
        self.name = name
        self.description = description
        self.inputSchema = inputSchema
    }
}
