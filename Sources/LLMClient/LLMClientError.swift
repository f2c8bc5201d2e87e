import Foundation

/// Errors of the model tier's providers. Each message says what to change, and none ever contains an
/// API key: server text is scrubbed of the configured key and redacted before it is stored here.
public enum LLMClientError: Error, Sendable, Hashable, CustomStringConvertible {
    case badModelSpec(spec: String, reason: String)
    case badBaseURL(variable: String, value: String)
    case missingAPIKey(provider: ProviderKind)
    /// 401 or 403: the key is missing, wrong, or lacks access.
    case authentication(provider: ProviderKind, status: Int, message: String)
    /// 404, or a server's `model_not_found`: the model name or the base URL is wrong.
    case unknownModel(provider: ProviderKind, model: String, baseURL: String, message: String)
    /// No answer within the configured per-request timeout.
    case timeout(provider: ProviderKind, baseURL: String, seconds: Double)
    /// The server could not be reached at all.
    case connection(provider: ProviderKind, baseURL: String, reason: String)
    /// The answer's body passed `ProviderConfig.maxResponseBytes`; reading stopped there.
    case responseTooLarge(provider: ProviderKind, baseURL: String, limit: Int)
    /// The server redirected; not followed, so the key and the prompt go nowhere but the base URL.
    case redirectRefused(provider: ProviderKind, baseURL: String, location: String)
    /// Any other non-success answer, after retries where the status allows them.
    case http(status: Int, body: String)
    /// A success status whose body is not the provider's wire format.
    case malformedResponse(provider: ProviderKind, reason: String)
    /// Text that should be JSON is not.
    case malformedJSON(reason: String)

    public var description: String {
        switch self {
        case .badModelSpec(let spec, let reason):
            "model spec '\(spec)': \(reason); write provider:model, e.g. anthropic:claude-haiku-4-5 or openai:llama3.1"
        case .badBaseURL(let variable, let value):
            "\(variable) '\(value)' is not an http(s) URL; set it to the server's base URL, e.g. http://127.0.0.1:8080/v1"
        case .missingAPIKey(let provider):
            "no API key for \(provider.displayName); set \(provider.apiKeyVariable) (keys are read from the environment only)"
        case .authentication(let provider, let status, let message):
            "\(provider.displayName) refused the request (HTTP \(status)\(LLMClientError.detail(message))); "
                + LLMClientError.credentialAdvice(provider, status: status)
        case .unknownModel(let provider, let model, let baseURL, let message):
            "model '\(model)' was not found at \(baseURL)\(LLMClientError.detail(message)); check the model name in the spec "
                + "(e.g. \(provider == .anthropic ? "anthropic:claude-haiku-4-5" : "openai:llama3.1")) and \(provider.baseURLVariable)"
        case .timeout(let provider, let baseURL, let seconds):
            "no answer from \(provider.displayName) at \(baseURL) within \(LLMClientError.format(seconds)) s; "
                + "check that the server is up and \(provider.baseURLVariable) points at it, or raise the model timeout"
        case .connection(let provider, let baseURL, let reason):
            "cannot reach \(provider.displayName) at \(baseURL): \(reason); check \(provider.baseURLVariable) and that the server is running"
        case .responseTooLarge(let provider, let baseURL, let limit):
            "the answer from \(provider.displayName) at \(baseURL) passed \(LLMClientError.bytes(limit)) and was cut off there; "
                + "check that \(provider.baseURLVariable) points at a model API, or raise the provider's maxResponseBytes"
        case .redirectRefused(let provider, let baseURL, let location):
            "\(provider.displayName) at \(baseURL) redirected to \(location); redirects are not followed (the API key and the "
                + "prompt go only to the configured base URL); set \(provider.baseURLVariable) to the new address if you trust it"
        case .http(let status, let body):
            "the model server answered HTTP \(status)\(LLMClientError.detail(body)); "
                + (RetryPolicy.isRetryable(status: status)
                    ? "it stayed unavailable through every retry; try again later or raise the number of attempts"
                    : "the request was refused; check the model spec and its options")
        case .malformedResponse(let provider, let reason):
            "\(provider.displayName) answered with something that is not its API's format: \(reason); check the base URL points at a \(provider == .anthropic ? "Messages" : "chat completions") API"
        case .malformedJSON(let reason):
            "not valid JSON: \(reason)"
        }
    }

    private static func detail(_ message: String) -> String {
        message.isEmpty ? "" : ": \(message)"
    }

    private static func credentialAdvice(_ provider: ProviderKind, status: Int) -> String {
        switch (provider, status) {
        case (.anthropic, 403):
            "the key lacks access to this model or endpoint; check ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL"
        case (.anthropic, _):
            "check ANTHROPIC_API_KEY"
        case (.openAICompatible, 403):
            "the key lacks access to this model or endpoint; check OPENAI_API_KEY and OPENAI_BASE_URL"
        case (.openAICompatible, _):
            "check OPENAI_API_KEY (local servers usually need none) and OPENAI_BASE_URL"
        }
    }

    private static func bytes(_ n: Int) -> String {
        n >= 1 << 20 && n % (1 << 20) == 0 ? "\(n >> 20) MiB" : n >= 1 << 10 && n % (1 << 10) == 0 ? "\(n >> 10) KiB" : "\(n) bytes"
    }

    private static func format(_ seconds: Double) -> String {
        seconds.rounded() == seconds ? String(Int(seconds)) : String(format: "%.1f", seconds)
    }
}
