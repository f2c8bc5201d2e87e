import ArgumentParser
import ModelTier
import PatternDiff
import Reports

/// `--no-redact`, shared by `diff`, `explain` and `gate`. Every output (text, JSON, Markdown, HTML,
/// JUnit, GitHub annotations) is redacted with the model-egress rules by default; the store keeps
/// the raw text.
struct RedactionOptions: ParsableArguments {
    @Flag(help: "Show secrets in log text as they are (for a local terminal). By default keys, tokens, passwords and the like are replaced with [REDACTED:kind] in every output.")
    var noRedact = false

    func prepare(_ r: GateReport) -> GateReport { noRedact ? r : r.redacted() }
    func prepare(_ d: DeployDiff) -> DeployDiff { noRedact ? d : d.redacted() }
    func prepare(_ s: String) -> String { noRedact ? s : Redactor().redact(s) }
}
