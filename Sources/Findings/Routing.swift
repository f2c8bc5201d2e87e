import LLMClient
/// When the strong model is asked: always, never, or when the small model says `regression` or
/// is unsure (`auto`).
public enum EscalationMode: String, Codable, Sendable, CaseIterable {
    case always, auto, never
}

/// The model tier's configuration. `Codable`, so a configuration file can hold it.
public struct Routing: Codable, Sendable, Equatable {
    public var small: String?
    public var strong: String?
    public var escalate: EscalationMode
    /// Below this confidence, the small model's finding escalates under `auto`.
    public var lowConfidence: Double
    /// Most tool calls the strong model may make before it must answer.
    public var maxToolCalls: Int
    /// Most tokens (in and out, all calls) a finding may spend.
    public var maxTokens: Int

    public init(
        small: String? = nil, strong: String? = nil, escalate: EscalationMode = .auto, lowConfidence: Double = 0.6,
        maxToolCalls: Int = 8, maxTokens: Int = 60_000
    ) {
        self.small = small
        self.strong = strong
        self.escalate = escalate
        self.lowConfidence = lowConfidence
        self.maxToolCalls = maxToolCalls
        self.maxTokens = maxTokens
    }
}

/// Read-only questions the strong model may ask while it investigates. Implemented over the store
/// and the repository (`StoreInvestigator`); tests may script them.
public protocol Investigator: Sendable {
    /// The tools, as the model sees them.
    var tools: [ToolDefinition] { get }
    /// Runs one call; the answer is text (data, fenced before it reaches the model).
    func call(_ name: String, _ arguments: JSONValue) async -> (text: String, isError: Bool)
}
