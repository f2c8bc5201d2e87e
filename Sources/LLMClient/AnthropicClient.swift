import Foundation
import Redaction

/// The Anthropic Messages API: `POST {base}/v1/messages` with `x-api-key` and
/// `anthropic-version: 2023-06-01`.
public struct AnthropicClient: ChatProvider {
    public static let apiVersion = "2023-06-01"

    public var kind: ProviderKind { .anthropic }
    public let config: ProviderConfig
    private let sender: RequestSender
    private let redactor: Redactor?

    /// `redactor` runs over every request before it is encoded; pass nil only for text known clean.
    public init(
        config: ProviderConfig, transport: any HTTPTransport = URLSessionTransport(),
        retry: RetryPolicy = .standard, redactor: Redactor? = Redactor()
    ) {
        self.config = config
        self.sender = RequestSender(provider: .anthropic, config: config, transport: transport, retry: retry)
        self.redactor = redactor
    }

    public func complete(_ request: ChatRequest) async throws -> ChatResponse {
        let sent = try await sender.send(httpRequest(for: request), model: request.model)
        return try AnthropicResponseParser.parse(sent.response.body, request: request, attempts: sent.attempts)
    }

    /// Exactly what `complete` would send, credentials masked: for `--show-prompt`.
    public func preview(_ request: ChatRequest) -> HTTPRequest {
        httpRequest(for: request).redactingCredentials
    }

    private func redacted(_ request: ChatRequest) -> ChatRequest {
        redactor?.redact(request) ?? request
    }

    private func httpRequest(for request: ChatRequest) -> HTTPRequest {
        var headers = ["anthropic-version": AnthropicClient.apiVersion, "content-type": "application/json"]
        if let key = config.apiKey { headers["x-api-key"] = key }
        return HTTPRequest(
            url: config.baseURL.appendingPathComponent("v1/messages"), headers: headers,
            body: AnthropicRequestBody.make(redacted(request)).jsonData)
    }
}
