import Foundation

/// The wire protocols deploydiff speaks. `openAICompatible` covers OpenAI itself and the local servers
/// that copy its chat completions API (Ollama, vLLM, llama.cpp server).
public enum ProviderKind: String, Sendable, Hashable, Codable, CaseIterable {
    case anthropic
    case openAICompatible = "openai"

    public var displayName: String {
        switch self {
        case .anthropic: "Anthropic"
        case .openAICompatible: "the OpenAI-compatible server"
        }
    }

    /// The environment variable that holds the key; named in every error about credentials.
    public var apiKeyVariable: String {
        switch self {
        case .anthropic: "ANTHROPIC_API_KEY"
        case .openAICompatible: "OPENAI_API_KEY"
        }
    }

    public var baseURLVariable: String {
        switch self {
        case .anthropic: "ANTHROPIC_BASE_URL"
        case .openAICompatible: "OPENAI_BASE_URL"
        }
    }

    /// The public endpoint. Anthropic's base has no version (the client appends `/v1/messages`);
    /// OpenAI-compatible bases include it, as `OPENAI_BASE_URL` does by convention (`.../v1`).
    public var defaultBaseURL: URL {
        switch self {
        case .anthropic: URL(string: "https://api.anthropic.com")!
        case .openAICompatible: URL(string: "https://api.openai.com/v1")!
        }
    }
}
