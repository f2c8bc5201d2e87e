extension ChatResponse {
    /// The provider-independent last step of decoding: normalise the stop reason, check a requested
    /// structured answer, and notice a server that ignored the tools it was offered.
    static func assemble(
        provider: ProviderKind, model: String, text: String, toolCalls: [ToolCall], wireStopReason: String?,
        usage: TokenUsage, request: ChatRequest, mode: StructuredOutputMode?, attempts: Int
    ) -> ChatResponse {
        var response = ChatResponse(
            provider: provider, model: model, text: text, toolCalls: toolCalls,
            stopReason: toolCalls.isEmpty ? StopReason(wire: wireStopReason) : .toolUse,
            usage: usage, structuredOutputMode: mode, attempts: attempts)
        // A turn that calls tools is not the final answer, so it is not held to the schema.
        if let schema = request.responseSchema, toolCalls.isEmpty, mode != .forcedTool {
            (response.structuredOutput, response.structuredOutputIssues) = StructuredOutput.check(text: text, against: schema)
        }
        response.toolsUnsupported =
            !request.tools.isEmpty && toolCalls.isEmpty && text.allSatisfy { $0.isWhitespace }
        return response
    }
}
