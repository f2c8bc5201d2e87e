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

    public init(gate: GateResult, finding: Finding, diff: DeployDiff) {
        self.gate = gate
        self.finding = finding
        self.diff = diff
    }
}
