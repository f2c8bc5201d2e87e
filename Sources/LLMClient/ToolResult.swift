/// The answer to one tool call, matched by the call's id. `isError` tells the model the call failed
/// (bad arguments, nothing found) so it can try differently.
public struct ToolResult: Sendable, Hashable, Codable {
    public var toolCallID: String
    public var content: String
    public var isError: Bool

    public init(toolCallID: String, content: String, isError: Bool = false) {
        self.toolCallID = toolCallID
        self.content = content
        self.isError = isError
    }
}
