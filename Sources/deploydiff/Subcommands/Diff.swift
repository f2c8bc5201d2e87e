import ArgumentParser
import Reports
import Workflows

extension DiffFormat: ExpressibleByArgument {}

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two deployments: new, vanished and shifted templates, linked to the code that changed.",
        discussion: "B defaults to the latest indexed deployment, A to B's predecessor (its previous tag with --repo)."
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var deployments: DeploymentOptions

    @Option(help: "Output: \(DiffFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: DiffFormat = .text

    @OptionGroup var redaction: RedactionOptions

    func run() throws {
        let diff = try DiffRun.run(try deployments.pair(store), redact: !redaction.noRedact)
        try OutputWriter.print(try format.render(diff, color: Terminal.colorOnStdout))
    }
}
