import Testing
import TestSupport

@testable import LLMClient

@Suite struct ModelSpecTests {
    @Test func parsesBothProviders() throws {
        #expect(try ModelSpec(parsing: "anthropic:claude-haiku-4-5") == ModelSpec(provider: .anthropic, model: "claude-haiku-4-5"))
        #expect(try ModelSpec(parsing: "openai:llama3.1") == ModelSpec(provider: .openAICompatible, model: "llama3.1"))
        #expect(try ModelSpec(parsing: "openai-compatible:gemma-3-270m").provider == .openAICompatible)
        #expect(try ModelSpec(parsing: " Anthropic:claude-sonnet-4-5 ").provider == .anthropic)
    }

    @Test func onlyTheFirstColonSeparates() throws {
        #expect(try ModelSpec(parsing: "openai:qwen2.5:7b").model == "qwen2.5:7b")
    }

    @Test func roundTripsThroughItsDescription() throws {
        let spec = try ModelSpec(parsing: "openai:llama3.1")
        #expect(spec.description == "openai:llama3.1")
        #expect(ModelSpec(spec.description) == spec)
    }

    @Test(arguments: [
        ("claude-haiku-4-5", "no provider prefix"),
        ("gemini:pro", "unknown provider 'gemini'"),
        ("anthropic:", "empty"),
        ("openai:llama 3", "whitespace"),
    ])
    func badSpecsSayWhatToWrite(spec: String, reason: String) {
        #expect {
            _ = try ModelSpec(parsing: spec)
        } throws: { error in
            guard case LLMClientError.badModelSpec(let s, let r) = error else { return false }
            let message = "\(error)"
            return s == spec && r.contains(reason) && message.contains("anthropic:claude-haiku-4-5")
        }
    }
}
