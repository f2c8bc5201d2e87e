import Findings
import DeployGate
import PatternDiff

/// Everything a gate run produced: the JSON that `--format json` writes (versioned).
public struct GateReport: Codable, Sendable, Equatable {
    public static let schemaVersion = 1
    public var schemaVersion = GateReport.schemaVersion
    public var gate: GateResult
    public var finding: Finding
    public var diff: DeployDiff
    /// The changed templates' history up to the candidate, for the HTML report's history strips.
    /// Not part of the JSON report (`deploydiff history --format json` is).
    public var history: ServiceHistory?

    enum CodingKeys: String, CodingKey {
        case schemaVersion, gate, finding, diff
    }

    public init(gate: GateResult, finding: Finding, diff: DeployDiff, history: ServiceHistory? = nil) {
        self.gate = gate
        self.finding = finding
        self.diff = diff
        self.history = history
    }
}
