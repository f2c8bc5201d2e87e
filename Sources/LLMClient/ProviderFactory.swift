import Redaction
/// The client for a spec. The CLI resolves the config (with its environment) and calls this; the
/// routing code only sees `ChatProvider`.
public enum ProviderFactory {
    public static func make(
        spec: ModelSpec, config: ProviderConfig, transport: any HTTPTransport = URLSessionTransport(),
        retry: RetryPolicy = .standard, redactor: Redactor? = Redactor(),
        formatMemory: StructuredOutputMemory = StructuredOutputMemory()
    ) -> any ChatProvider {
        switch spec.provider {
        case .anthropic:
            AnthropicClient(config: config, transport: transport, retry: retry, redactor: redactor)
        case .openAICompatible:
            OpenAICompatibleClient(
                config: config, transport: transport, retry: retry, redactor: redactor, formatMemory: formatMemory)
        }
    }
}
