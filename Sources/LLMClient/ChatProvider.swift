/// A model behind some wire protocol. Implementations redact before egress, retry what is worth
/// retrying, and throw `LLMClientError` for everything else.
public protocol ChatProvider: Sendable {
    var kind: ProviderKind { get }
    func complete(_ request: ChatRequest) async throws -> ChatResponse
    /// The HTTP request `complete` would send first, redacted as it would be, with credential
    /// headers masked: what `deploydiff explain --show-prompt` prints without sending anything.
    func preview(_ request: ChatRequest) async -> HTTPRequest
}
