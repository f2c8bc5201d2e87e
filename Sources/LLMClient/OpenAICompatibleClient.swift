import Foundation
import Redaction

/// OpenAI chat completions and the servers that copy it (Ollama, vLLM, llama.cpp server):
/// `POST {base}/chat/completions`, `Authorization: Bearer` only when a key is configured.
///
/// Structured output is negotiated per base URL: `json_schema`, then `json_object` with a
/// `schema`, then instructions in the prompt, stepping down on each refusal of the form and
/// remembering what worked in `formatMemory`.
public struct OpenAICompatibleClient: ChatProvider {
    public var kind: ProviderKind { .openAICompatible }
    public let config: ProviderConfig
    public let formatMemory: StructuredOutputMemory
    private let sender: RequestSender
    private let redactor: Redactor?

    /// Share one `formatMemory` between clients of a run to negotiate once per server.
    public init(
        config: ProviderConfig, transport: any HTTPTransport = URLSessionTransport(),
        retry: RetryPolicy = .standard, redactor: Redactor? = Redactor(),
        formatMemory: StructuredOutputMemory = StructuredOutputMemory()
    ) {
        self.config = config
        self.formatMemory = formatMemory
        self.sender = RequestSender(provider: .openAICompatible, config: config, transport: transport, retry: retry)
        self.redactor = redactor
    }

    public func complete(_ request: ChatRequest) async throws -> ChatResponse {
        let clean = redactor?.redact(request) ?? request
        guard clean.responseSchema != nil else {
            let sent = try await sender.send(httpRequest(clean, mode: nil), model: request.model)
            return try OpenAIResponseParser.parse(sent.response.body, request: request, mode: nil, attempts: sent.attempts)
        }
        return try await completeNegotiating(clean, original: request)
    }

    /// Exactly what `complete` would send first, credentials masked: for `--show-prompt`.
    public func preview(_ request: ChatRequest) async -> HTTPRequest {
        let clean = redactor?.redact(request) ?? request
        let mode = await startingMode(for: clean)
        return httpRequest(clean, mode: mode).redactingCredentials
    }

    private func startingMode(for request: ChatRequest) async -> StructuredOutputMode? {
        guard request.responseSchema != nil else { return nil }
        return await formatMemory.mode(for: config.baseURL) ?? StructuredOutputNegotiation.order[0]
    }

    private func completeNegotiating(_ request: ChatRequest, original: ChatRequest) async throws -> ChatResponse {
        var mode = await startingMode(for: request) ?? .promptInstructions
        var attempts = 0
        while true {
            let canStepDown = StructuredOutputNegotiation.next(after: mode) != nil
            let sent = try await sender.send(httpRequest(request, mode: mode), model: request.model) { response in
                canStepDown && StructuredOutputNegotiation.isFormatRejection(response)
            }
            attempts += sent.attempts
            if sent.response.isSuccess {
                await formatMemory.remember(mode, for: config.baseURL)
                return try OpenAIResponseParser.parse(sent.response.body, request: original, mode: mode, attempts: attempts)
            }
            mode = StructuredOutputNegotiation.next(after: mode)!
        }
    }

    private func httpRequest(_ request: ChatRequest, mode: StructuredOutputMode?) -> HTTPRequest {
        var headers = ["content-type": "application/json"]
        if let key = config.apiKey { headers["authorization"] = "Bearer \(key)" }
        return HTTPRequest(
            url: config.baseURL.appendingPathComponent("chat/completions"), headers: headers,
            body: OpenAIRequestBody.make(request, mode: mode).jsonData)
    }
}
