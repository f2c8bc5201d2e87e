import Foundation

/// Which provider and model a tier talks to, written `provider:model`
/// (`anthropic:claude-haiku-4-5`, `openai:llama3.1`, `openai:qwen2.5:7b`).
///
/// Only the first colon separates: local model names often carry a tag after a colon of their own.
public struct ModelSpec: Sendable, Hashable, CustomStringConvertible, LosslessStringConvertible {
    public var provider: ProviderKind
    public var model: String

    public init(provider: ProviderKind, model: String) {
        self.provider = provider
        self.model = model
    }

    /// Accepted provider names; `openai-compatible` reads better in configuration files.
    static let providerNames: [String: ProviderKind] = [
        "anthropic": .anthropic,
        "openai": .openAICompatible,
        "openai-compatible": .openAICompatible,
    ]

    public init(parsing spec: String) throws {
        let trimmed = spec.trimmingCharacters(in: .whitespaces)
        guard let colon = trimmed.firstIndex(of: ":") else {
            throw LLMClientError.badModelSpec(spec: spec, reason: "no provider prefix")
        }
        let name = trimmed[..<colon].lowercased()
        let model = String(trimmed[trimmed.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        guard let provider = ModelSpec.providerNames[name] else {
            throw LLMClientError.badModelSpec(spec: spec, reason: "unknown provider '\(name)' (known: anthropic, openai)")
        }
        guard !model.isEmpty else {
            throw LLMClientError.badModelSpec(spec: spec, reason: "the model name after '\(name):' is empty")
        }
        guard !model.contains(where: { $0.isWhitespace }) else {
            throw LLMClientError.badModelSpec(spec: spec, reason: "the model name contains whitespace")
        }
        self.init(provider: provider, model: model)
    }

    public init?(_ description: String) {
        guard let spec = try? ModelSpec(parsing: description) else { return nil }
        self = spec
    }

    public var description: String { "\(provider.rawValue):\(model)" }
}

extension ModelSpec: Codable {
    // A spec is written as its string in configuration files and findings.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(parsing: text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
