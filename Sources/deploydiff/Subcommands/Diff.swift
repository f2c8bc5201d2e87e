import ArgumentParser
import Reports
import Workflows

enum DiffFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, md
}

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
        let text =
            switch format {
            case .json: try JSONOutput.document(diff)
            case .md: DiffMarkdownRenderer().render(diff)
            case .text: DiffTextRenderer(color: Terminal.colorOnStdout).render(diff)
            }
        try OutputWriter.print(text)
    }
}
