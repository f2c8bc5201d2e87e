import ArgumentParser
import Foundation
import Ingestion
import Reports
import Workflows

#if canImport(Glibc)
import Glibc
#endif

struct Index: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mine a deployment's logs into the store.",
        discussion: """
            Re-indexing a file adds nothing; a file that grew adds only its new tail; .gz files are \
            read transparently; '-' streams standard input. A file that cannot be read is reported \
            and the others are still indexed (exit 2 at the end).
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "The deployment the records belong to (usually its git tag).")
    var deploy: String?

    @Flag(help: "Split a timestamped stream at deploy times: each record goes to the deployment live at its time.")
    var byTags = false

    @Option(help: "With --by-tags: the git repository whose tags give the deploy times.")
    var repo: String?

    @Option(help: "With --by-tags and --repo: only tags matching this glob are deploys (e.g. 'v*').")
    var tagPattern: String?

    @Option(help: "With --by-tags: a CSV of 'name,time[,commit]' with the real rollout times.")
    var deploys: String?

    @Option(help: "The commit the deployment runs, when known.")
    var commit: String?

    @OptionGroup var logFormat: LogFormatOption

    @Flag(help: "Index an input even when the header format matches fewer than half of its first lines.")
    var allowUnmatched = false

    @Option(name: .customLong("batch"), help: "Records per transaction.")
    var batchRecords: Int = 200_000

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Say which format was detected per file.")
    var verbose = false

    @Argument(help: "Log files, or '-' for standard input.")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give log files to index, or '-' for standard input") }
        if let deploy { try NameValidation.check(deploy, flag: "--deploy", what: "deployment") }
        if byTags {
            if deploy != nil { throw ValidationError("--deploy and --by-tags exclude each other: --by-tags names deployments from tags") }
            if (repo == nil) == (deploys == nil) { throw ValidationError("--by-tags needs either --repo PATH (tag dates) or --deploys FILE (CSV)") }
        } else {
            if deploy == nil { throw ValidationError("give --deploy NAME, or --by-tags to split by deploy times") }
            if repo != nil || deploys != nil || tagPattern != nil { throw ValidationError("--repo, --deploys and --tag-pattern go with --by-tags") }
        }
        if batchRecords < 1 { throw ValidationError("--batch must be at least 1") }
    }

    func run() throws {
        let destination: IndexDestination =
            !byTags ? .deployment(name: deploy!, commit: commit)
            : deploys.map { .scheduleFile(path: $0) } ?? .scheduleFromTags(repository: repo!, tagPattern: tagPattern)
        let request = IndexRunRequest(
            store: try store.location(), service: store.service, destination: destination, inputs: files, format: try logFormat.resolved(),
            batchRecords: batchRecords, allowUnmatchedHeader: allowUnmatched)
        let bar = ProgressBar(enabled: !quiet && isatty(2) != 0)
        let started = Date()
        let report = try IndexRun.run(request, progress: bar.update) {
            if !quiet { Diagnostics.note("deploydiff: another indexer is writing service '\(request.service)'; waiting") }
        }
        bar.finish()
        for o in report.outcomes {
            guard let (message, unmatched) = IndexRenderer.problem(o) else { continue }
            Diagnostics.printError(unmatched ? message + ": check --log-format, or pass --allow-unmatched to index it anyway" : message)
        }
        if !quiet {
            try OutputWriter.print(IndexRenderer.summary(report, deployment: deploy, seconds: Date().timeIntervalSince(started), verbose: verbose))
        }
        if report.failures > 0 { throw CLIError.inputsFailed(count: report.failures) }
    }
}

/// A one-line progress display on a terminal's stderr.
final class ProgressBar: @unchecked Sendable {
    private let enabled: Bool
    private let start = Date()
    private var shown = false

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ p: IndexProgress) {
        guard enabled else { return }
        Diagnostics.raw("\r\u{1B}[K" + IndexRenderer.progress(p, seconds: max(Date().timeIntervalSince(start), 0.001)))
        shown = true
    }

    func finish() { if shown { Diagnostics.raw("\r\u{1B}[K") } }
}
