/// The model asking for one tool call. `arguments` is the parsed JSON the model wrote; when a server
/// sends argument text that is not JSON, the raw text is kept as `.string` so the caller can answer
/// the model with an error instead of the whole loop failing.
public struct ToolCall: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var arguments: JSONValue

    public init(id: String, name: String, arguments: JSONValue) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}
