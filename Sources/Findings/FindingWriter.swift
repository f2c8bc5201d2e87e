import Foundation
import PatternDiff
import Redaction
import LLMClient

/// Writes the finding: the deterministic reader always, a small model when configured, the strong
/// model with read-only tools when the routing rules say so. Model failures never fail the run:
/// the tier falls back to the finding below it and says so in `routing.notes`.
public struct FindingWriter: Sendable {
    public let routing: Routing
    let small: (any ChatProvider)?
    let strong: (any ChatProvider)?
    let investigator: (any Investigator)?

    public init(routing: Routing, small: (any ChatProvider)?, strong: (any ChatProvider)?, investigator: (any Investigator)? = nil) {
        self.routing = routing
        self.small = small
        self.strong = strong
        self.investigator = investigator
    }

    public func finding(for diff: DeployDiff) async -> Finding {
        let base = DeterministicReader.finding(for: diff)
        guard small != nil || strong != nil else {
            var f = base
            f.routing.notes.append("no model configured: the deterministic reader wrote this finding")
            return f
        }
        var current = base
        var spent = Cost()
        var smallVerdict: Finding?
        if let small {
            let t = Date()
            switch await ask(small, model: model(routing.small), system: FindingPrompt.system, diff: diff, tools: nil, cost: &spent) {
            case .success(let answer):
                smallVerdict = merge(answer, into: base, diff: diff, tier: .smallModel, model: routing.small, cost: spent, seconds: Date().timeIntervalSince(t))
                current = smallVerdict!
            case .failure(let why):
                current.routing.notes.append("small model: \(why); the deterministic finding stands")
            }
        }
        guard let strong, shouldEscalate(smallVerdict) else {
            if strong == nil, routing.escalate != .never, smallVerdict.map(needsEscalation) == true {
                current.routing.notes.append("would escalate, but no strong model is configured")
            }
            return current
        }
        let t = Date()
        let reason = smallVerdict.map { "escalated: small model said \($0.verdict.rawValue) at confidence \(String(format: "%.2f", $0.confidence))" }
            ?? "escalated: escalation mode \(routing.escalate.rawValue)"
        switch await ask(strong, model: model(routing.strong), system: FindingPrompt.escalationSystem, diff: diff, tools: investigator, cost: &spent) {
        case .success(let answer):
            var f = merge(answer, into: base, diff: diff, tier: .escalated, model: routing.strong, cost: spent, seconds: Date().timeIntervalSince(t))
            f.routing.notes = current.routing.notes + [reason] + f.routing.notes
            return f
        case .failure(let why):
            current.routing.notes.append("\(reason); strong model: \(why); the previous finding stands")
            return current
        }
    }

    // MARK: Routing rules

    func shouldEscalate(_ small: Finding?) -> Bool {
        switch routing.escalate {
        case .never: return false
        case .always: return true
        case .auto: return small.map(needsEscalation) ?? (self.small == nil)
        }
    }

    func needsEscalation(_ f: Finding) -> Bool { f.verdict == .regression || f.confidence < routing.lowConfidence }

    // MARK: Asking

    struct Cost {
        var input = 0
        var output = 0
        var calls = 0
        var notes: [String] = []
    }

    enum Outcome {
        case success(JSONValue)
        case failure(String)
    }

    /// One tier's conversation: the diff, tool calls while allowed, a schema-valid answer. A
    /// malformed answer is asked for once more.
    private func model(_ spec: String?) -> String { spec.flatMap { try? ModelSpec(parsing: $0) }?.model ?? spec ?? "" }

    private func ask(
        _ provider: any ChatProvider, model: String, system: String, diff: DeployDiff, tools: (any Investigator)?, cost: inout Cost
    ) async -> Outcome {
        var messages: [ChatMessage] = [.user(FindingPrompt.diffMessage(diff))]
        var toolCalls = 0
        var retried = false
        var useTools = tools != nil
        while true {
            guard cost.input + cost.output < routing.maxTokens else { return .failure("token budget of \(routing.maxTokens) spent") }
            let canCall = useTools && toolCalls < routing.maxToolCalls
            let request = ChatRequest(
                model: model, systemPrompt: system, messages: messages, tools: canCall ? tools!.tools : [], maxTokens: 1500, temperature: 0,
                responseSchema: FindingPrompt.schema)
            let response: ChatResponse
            do { response = try await provider.complete(request) } catch { return .failure("\(error)") }
            cost.input += response.usage.inputTokens
            cost.output += response.usage.outputTokens
            cost.calls += 1
            if let mode = response.structuredOutputMode {
                let note = "structured output negotiated as \(mode.rawValue)"
                if !cost.notes.contains(note) { cost.notes.append(note) }
            }
            if canCall, response.toolsUnsupported, let tools {
                useTools = false
                cost.notes.append("the server does not call tools; their context was put in the prompt instead")
                messages.append(.user(await inlineContext(tools, diff)))
                continue
            }
            if canCall, !response.toolCalls.isEmpty, let tools {
                messages.append(response.message)
                var results: [ToolResult] = []
                for call in response.toolCalls {
                    toolCalls += 1
                    let (text, isError) = await tools.call(call.name, call.arguments)
                    results.append(ToolResult(toolCallID: call.id, content: UntrustedText.fence(text, kind: "tool-result", id: call.id), isError: isError))
                }
                messages.append(.toolResults(results))
                continue
            }
            if let answer = response.structuredOutput, answer["verdict"] != nil { return .success(answer) }
            guard !retried else { return .failure("the answer did not match the finding schema twice (\(response.structuredOutputIssues.joined(separator: "; ")))") }
            retried = true
            messages.append(response.message)
            messages.append(.user("Your answer did not match the finding schema: \(response.structuredOutputIssues.joined(separator: "; ")). Answer again with the finding only."))
        }
    }

    /// When tools cannot be called: what they would most likely fetch, placed in the prompt.
    private func inlineContext(_ tools: any Investigator, _ d: DeployDiff) async -> String {
        var s = "Tool calls are unavailable. Context they would fetch:\n"
        for c in d.changes.filter({ $0.severity >= .high }).prefix(3) {
            let (text, _) = await tools.call("template_samples", ["template_id": .integer(c.template.id), "side": "candidate"])
            s += UntrustedText.fence(String(text.prefix(3000)), kind: "tool-result", id: "samples-T\(c.template.id)") + "\n"
        }
        return s + "Answer with the finding."
    }

    /// The model's finding, with the deterministic evidence kept: the evidence is measured, the
    /// narrative is the model's.
    private func merge(_ a: JSONValue, into base: Finding, diff: DeployDiff, tier: Finding.Tier, model: String?, cost: Cost, seconds: Double) -> Finding {
        var f = base
        if let v = a["verdict"]?.stringValue.flatMap(Finding.Verdict.init(rawValue:)) { f.verdict = v }
        f.confidence = min(1, max(0, a["confidence"]?.doubleValue ?? base.confidence))
        f.title = a["title"]?.stringValue ?? base.title
        f.narrative = a["narrative"]?.stringValue ?? base.narrative
        f.nextCheck = a["next_check"]?.stringValue ?? base.nextCheck
        if let actions = a["proposed_actions"]?.arrayValue?.compactMap(\.stringValue) { f.proposedActions = actions }
        if let ids = a["suspected_templates"]?.arrayValue?.compactMap(\.intValue), !ids.isEmpty {
            // Only templates the diff knows: a model cannot invent a pattern.
            f.suspectedPattern = ids.compactMap { id in
                diff.changes.first { $0.template.id == id }.map { Finding.Pattern(templateID: id, text: $0.template.text) }
            }
        }
        f.routing = Finding.Routing(
            tier: tier, model: model, inputTokens: cost.input, outputTokens: cost.output, calls: cost.calls, seconds: (seconds * 1000).rounded() / 1000,
            notes: cost.notes + (a["incidents"]?.stringValue.map { ["model on incidents: \($0)"] } ?? []))
        return f
    }
}

extension FindingWriter {
    /// The first request a tier would send, for `--show-prompt`.
    public func firstRequest(for diff: DeployDiff, escalated: Bool) -> ChatRequest {
        ChatRequest(
            model: model(escalated ? routing.strong : routing.small), systemPrompt: escalated ? FindingPrompt.escalationSystem : FindingPrompt.system,
            messages: [.user(FindingPrompt.diffMessage(diff))], tools: escalated ? investigator?.tools ?? [] : [], maxTokens: 1500, temperature: 0,
            responseSchema: FindingPrompt.schema)
    }
}
