import ArgumentParser
import Workflows

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Diff two deployments and write the finding a human reviews.",
        discussion: "Without a model configured, the deterministic reader writes the finding: offline, no keys."
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var deployments: DeploymentOptions
    @OptionGroup var report: ReportOptions
    @OptionGroup var models: ModelOptions

    func run() throws {
        let request = ReviewRequest(
            pair: try deployments.pair(store), purpose: .explain, finding: try models.request(), redact: !report.redaction.noRedact)
        switch try ReviewRun.run(request) {
        case .prompt(let p): print(p)
        case .report(let r): try report.emit { try $0.render(r, color: Terminal.colorOnStdout, withGate: false) }
        }
    }
}
