import ArgumentParser
import DeployGate
import Reports
import Workflows

struct GateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Fail a CI step when the deploy violates the policy.",
        discussion: "Exit 0 pass (warnings included), 1 the policy failed, 2 deploydiff could not decide."
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var deployments: DeploymentOptions
    @OptionGroup var report: ReportOptions
    @OptionGroup var models: ModelOptions

    @Option(help: "The policy file (default: .deploydiff.yml found upwards; built-in default preset when none).")
    var policy: String?

    @Option(help: "Use a built-in preset instead of the policy file's: strict, default, lenient.")
    var preset: GatePolicy.Preset?

    @Flag(help: "Exit 0 when deploydiff itself fails (an unreadable store, a bad repository): for teams that prefer not to block on tool errors.")
    var failOnErrorAsPass = false

    func run() throws {
        do { try evaluate() } catch let e as GateFailed {
            throw e
        } catch {
            guard failOnErrorAsPass else { throw error }
            Diagnostics.printError("\(error) (passing: --fail-on-error-as-pass)")
            // The requested reports still get written, with the error in them.
            let message = report.redaction.prepare("\(error)")
            do { try report.emit { $0.renderError(message) } } catch { Diagnostics.printError("\(error)") }
        }
    }

    private func evaluate() throws {
        let request = ReviewRequest(
            pair: try deployments.pair(store), purpose: .gate(policyFile: PolicyFile.locate(policy), preset: preset), finding: try models.request(),
            redact: !report.redaction.noRedact)
        let r: GateReport
        switch try ReviewRun.run(request) {
        case .prompt(let p): return print(p)
        case .report(let report): r = report
        }
        do {
            try report.emit { try $0.render(r, color: Terminal.colorOnStdout, withGate: true) }
        } catch CLIError.brokenPipe where r.gate.decision == .fail {
            // The reader of stdout left (`gate | head`): the decision stands, and CI reads the exit code.
        }
        if r.gate.decision == .fail { throw GateFailed() }
    }
}

/// The gate's verdict was "fail": exit 1, nothing more to print.
struct GateFailed: Error {}
