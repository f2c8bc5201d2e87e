import ArgumentParser
import Foundation
import PatternDiff
import PatternStore
import Reports

#if canImport(Glibc)
import Glibc
#endif

enum DiffFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, md
}

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two deployments: new, vanished and shifted templates, linked to the code that changed.",
        discussion: "B defaults to the latest indexed deployment, A to B's predecessor (its previous tag with --repo)."
    )

    @OptionGroup var store: StoreOptions

    @Argument(help: "The baseline deployment.")
    var baseline: String?

    @Argument(help: "The candidate deployment.")
    var candidate: String?

    @Option(help: "The git repository of the service, to link changes to commits and hunks.")
    var repo: String?

    @Option(help: "Only tags matching this glob are deploys (for finding the baseline).")
    var tagPattern: String?

    @Option(help: "Compare rates per record (share of all records) or per minute: records, time.")
    var normalize: Normalization = .records

    @Option(help: "Output: text, json, md.")
    var format: DiffFormat = .text

    @OptionGroup var redaction: RedactionOptions

    func run() throws {
        let input = try DiffPlanner.input(
            store: try store.openForReading(), service: store.service, baseline: baseline, candidate: candidate, repository: repo,
            tagPattern: tagPattern, options: DiffOptions(normalize: normalize))
        let diff = redaction.prepare(DiffEngine.diff(input))
        let out = OutputWriter()
        switch format {
        case .json: try out.write(try jsonText(diff))
        case .md: try out.write(DiffMarkdownRenderer().render(diff))
        case .text: try out.write(DiffTextRenderer(color: Terminal.colorOnStdout).render(diff))
        }
        try out.flush()
    }
}

extension Normalization: ExpressibleByArgument {}

struct Ack: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Acknowledge a template's changes as expected (kept in the store).")

    @OptionGroup var store: StoreOptions

    @Argument(help: "The template id (T12 or 12).")
    var template: String

    @Option(help: "Why the change is expected.")
    var reason: String = "acknowledged"

    func run() throws {
        guard let id = Int(template.hasPrefix("T") ? String(template.dropFirst()) : template) else {
            throw ValidationError("'\(template)' is not a template id; use the id 'deploydiff templates' shows, like T12")
        }
        try store.openForReading().acknowledge(service: store.service, templateID: id, reason: reason)
        print("T\(id) acknowledged: \(reason)")
    }
}

enum Terminal {
    /// Colour when stdout is a terminal and NO_COLOR is not set (https://no-color.org).
    static var colorOnStdout: Bool {
        isatty(1) != 0 && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
    }
}
