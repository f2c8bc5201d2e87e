import Foundation
import Testing
import TestSupport

@testable import LLMClient

@Suite struct ProviderConfigTests {
    let haiku = ModelSpec(provider: .anthropic, model: "claude-haiku-4-5")
    let llama = ModelSpec(provider: .openAICompatible, model: "llama3.1")

    @Test func defaultsToThePublicEndpointsWithKeysFromTheEnvironment() throws {
        let anthropic = try ProviderConfig.resolve(spec: haiku, environment: ["ANTHROPIC_API_KEY": "sk-ant-x\n"])
        #expect(anthropic.baseURL.absoluteString == "https://api.anthropic.com")
        #expect(anthropic.apiKey == "sk-ant-x")
        #expect(anthropic.timeout == ProviderConfig.defaultTimeout)
        #expect(anthropic.maxAttempts == ProviderConfig.defaultMaxAttempts)
        let openai = try ProviderConfig.resolve(spec: llama, environment: ["OPENAI_API_KEY": "sk-o"])
        #expect(openai.baseURL.absoluteString == "https://api.openai.com/v1")
        #expect(openai.apiKey == "sk-o")
    }

    @Test func baseURLFromTheEnvironmentNeedsNoKey() throws {
        let config = try ProviderConfig.resolve(spec: llama, environment: ["OPENAI_BASE_URL": "http://127.0.0.1:8080/v1/"])
        #expect(config.baseURL.absoluteString == "http://127.0.0.1:8080/v1")
        #expect(config.apiKey == nil)
    }

    @Test func overridesWinOverTheEnvironment() throws {
        let config = try ProviderConfig.resolve(
            spec: llama, environment: ["OPENAI_BASE_URL": "http://a:1/v1"],
            overrides: .init(baseURL: "http://b:2/v1", timeout: .seconds(5), maxAttempts: 1))
        #expect(config.baseURL.absoluteString == "http://b:2/v1")
        #expect(config.timeout == .seconds(5))
        #expect(config.maxAttempts == 1)
    }

    @Test func publicEndpointWithoutKeyIsAnError() {
        #expect(throws: LLMClientError.missingAPIKey(provider: .anthropic)) {
            _ = try ProviderConfig.resolve(spec: haiku, environment: ["ANTHROPIC_API_KEY": "  "])
        }
        #expect(LLMClientError.missingAPIKey(provider: .openAICompatible).description.contains("set OPENAI_API_KEY"))
    }

    @Test func badBaseURLNamesTheVariable() {
        #expect(throws: LLMClientError.badBaseURL(variable: "OPENAI_BASE_URL", value: "localhost:8080")) {
            _ = try ProviderConfig.resolve(spec: llama, environment: ["OPENAI_BASE_URL": "localhost:8080"])
        }
    }

    @Test func theKeyIsNeverPrinted() throws {
        let config = try ProviderConfig.resolve(spec: haiku, environment: ["ANTHROPIC_API_KEY": "sk-ant-very-secret-value"])
        var dumped = ""
        dump(config, to: &dumped)
        for text in [config.description, String(reflecting: config), "\(config)", dumped] {
            #expect(!text.contains("very-secret"))
        }
        #expect(config.description.contains("apiKey: set"))
    }

    @Test func previewMasksTheKey() async throws {
        let config = ProviderConfig(baseURL: URL(string: "http://127.0.0.1:9/v1")!, apiKey: "sk-very-secret-value")
        let request = ChatRequest(model: "m", messages: [.user("hi")])
        let anthropic = AnthropicClient(config: config).preview(request)
        let openai = await OpenAICompatibleClient(config: config).preview(request)
        #expect(anthropic.headers["x-api-key"] == "[REDACTED]")
        #expect(openai.headers["authorization"] == "[REDACTED]")
        #expect(!openai.description.contains("very-secret"))
        #expect(openai.description.contains(#""content":"hi""#))
    }
}
