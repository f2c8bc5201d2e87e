import ArgumentParser
import Foundation
import Reports
import Workflows

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Each template's life across deployments: first and last seen, counts, levels, fixes and whether they held.",
        discussion: "Deployments' verdicts and the commits linked each time come from the diffs and gates that ran on them."
    )

    @OptionGroup var store: StoreOptions

    @Argument(help: "A template (T12), or a glob on template text ('*timeout*'); all templates when omitted.")
    var template: String?

    @Option(help: "Only deployments whose first record is within this long before now: 30d, 12h, 2w, 90m.")
    var since: String?

    @Option(help: "Output: text, json.")
    var format: OutputFormat = .text

    @OptionGroup var redaction: RedactionOptions

    func validate() throws {
        if let since, HistoryRequest.lookback(since) == nil { throw ValidationError("--since '\(since)': use a number and a unit, like 30d, 12h, 2w or 90m") }
    }

    func run() throws {
        let cutoff = since.flatMap(HistoryRequest.lookback).map { Int64((Date().timeIntervalSince1970 - $0) * 1000) }
        let h = try HistoryRun.run(
            HistoryRequest(store: try store.location(), service: store.service, template: template, since: cutoff, redact: !redaction.noRedact))
        try OutputWriter.print(format == .json ? try JSONOutput.document(h) : HistoryRenderer.render(h))
    }
}
