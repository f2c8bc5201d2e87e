import Foundation
import LLMClient
import Findings
import DeployGate
import PatternDiff
import PatternStore
import Reports

/// A model the routing may call, its configuration resolved (keys and base URL from the environment
/// the caller read).
public struct ModelChoice: Sendable {
    public let spec: ModelSpec
    public let config: ProviderConfig
    public init(spec: ModelSpec, config: ProviderConfig) {
        self.spec = spec
        self.config = config
    }
}

/// Who writes the finding: the deterministic reader when no model is chosen.
public struct FindingRequest: Sendable {
    public var routing: Routing
    public var small: ModelChoice?
    public var strong: ModelChoice?
    /// Return the first request a model would get (redacted) instead of sending it.
    public var showPrompt: Bool
    /// Use a finding cached for the same diff and routing.
    public var useCache: Bool

    public init(routing: Routing, small: ModelChoice?, strong: ModelChoice?, showPrompt: Bool, useCache: Bool) {
        self.routing = routing
        self.small = small
        self.strong = strong
        self.showPrompt = showPrompt
        self.useCache = useCache
    }
}

/// `explain` and `gate`: one pipeline. Diff two deployments, write the finding, evaluate the gate.
public struct ReviewRequest: Sendable {
    public enum Purpose: Sendable {
        /// The finding, with the default policy's verdict beside it.
        case explain
        /// The policy file (nil: the built-in default), a preset overriding its own; the policy's
        /// non-production paths apply to the diff.
        case gate(policyFile: String?, preset: GatePolicy.Preset?)
    }

    public var pair: DeploymentPair
    public var purpose: Purpose
    public var finding: FindingRequest
    public var redact: Bool

    public init(pair: DeploymentPair, purpose: Purpose, finding: FindingRequest, redact: Bool) {
        self.pair = pair
        self.purpose = purpose
        self.finding = finding
        self.redact = redact
    }
}

public enum ReviewOutcome: Sendable {
    /// `showPrompt`: what would be sent, nothing sent.
    case prompt(String)
    /// Redacted unless the request said not to.
    case report(GateReport)
}

public enum ReviewRun {
    public static func run(_ r: ReviewRequest) throws -> ReviewOutcome {
        let policy: GatePolicy
        let nonProduction: [String]?
        switch r.purpose {
        case .explain:
            (policy, nonProduction) = (GatePolicy(), nil)
        case .gate(let file, let preset):
            var p = try file.map(PolicyLoader.load) ?? GatePolicy()
            if let preset { p.preset = preset }
            (policy, nonProduction) = (p, p.resolved(for: r.pair.service).nonProductionPaths)
        }
        let (store, input) = try r.pair.plan(nonProductionPaths: nonProduction)
        let diff = DiffEngine.diff(input)
        let finding: Finding
        switch try findingFor(diff, input, store, r.finding) {
        case .prompt(let p): return .prompt(p)
        case .finding(let f): finding = f
        }
        let gate = Gate.evaluate(diff, policy: policy, opinion: finding.modelOpinion)
        let isGate = if case .gate = r.purpose { true } else { false }
        try store.record(ReviewHistory.record(diff, input, verdict: finding.verdict.rawValue, gate: isGate ? gate.decision.rawValue : nil))
        let report = GateReport(gate: gate, finding: finding, diff: diff, history: try? history(of: diff, store))
        return .report(r.redact ? report.redacted() : report)
    }

    /// The history of the templates a report shows first (and of the templates their recurrences
    /// undid), up to the candidate. Best effort: a report is still written without it.
    private static func history(of diff: DeployDiff, _ store: any DeploymentStore) throws -> ServiceHistory {
        let shown = diff.changes.filter { $0.kind != .rareAbsent }.prefix(HTMLRenderer.maxCharts)
        let ids = Set(shown.map(\.template.id) + shown.compactMap { $0.recurrence?.fixedTemplate })
        return try HistoryBuilder.build(store: store, service: diff.service, selection: .templates(ids), since: nil, through: diff.candidate.name)
    }

    private enum Written {
        case prompt(String)
        case finding(Finding)
    }

    /// The finding for a diff: the deterministic reader's, cached, or written by the configured tiers.
    private static func findingFor(_ diff: DeployDiff, _ input: DiffInput, _ store: any DeploymentStore, _ r: FindingRequest) throws -> Written {
        guard r.small != nil || r.strong != nil else { return .finding(DeterministicReader.finding(for: diff)) }
        let small = r.small.map { ProviderFactory.make(spec: $0.spec, config: $0.config) }
        let strong = r.strong.map { ProviderFactory.make(spec: $0.spec, config: $0.config) }
        let writer = FindingWriter(
            routing: r.routing, small: small, strong: strong, investigator: StoreInvestigator(store: store, service: input.service, input: input))
        if r.showPrompt {
            let provider = (small ?? strong)!
            let request = writer.firstRequest(for: diff, escalated: small == nil)
            return .prompt(try blocking { await provider.preview(request) }.description)
        }
        let cache = FindingCache(store: store, diff: diff, routing: r.routing)
        if r.useCache, let cached = try cache.lookup() { return .finding(cached) }
        let finding = try blocking { await writer.finding(for: diff) }
        try cache.keep(finding)
        return .finding(finding)
    }
}

/// Runs the model tier's async work to completion for a synchronous caller.
func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}

private final class ResultBox<T>: @unchecked Sendable { var result: Result<T, Error>? }

extension Finding {
    /// What the gate may weigh of this finding: only a model's verdict, never the deterministic
    /// reader's (which reads the same diff the gate does).
    public var modelOpinion: ModelOpinion? {
        guard routing.tier != .deterministic else { return nil }
        return ModelOpinion(source: routing.tier.rawValue, verdict: verdict.rawValue, isRegression: verdict == .regression)
    }
}
