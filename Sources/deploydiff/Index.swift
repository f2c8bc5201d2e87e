import ArgumentParser
import Foundation
import LogMining
import Ingestion
import PatternStore
import GitHistory

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

    @Option(name: .customLong("log-format"), help: "Header format (logparser syntax), json, logfmt or plain; detected per file when omitted.")
    var logFormat: String?

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
        if let logFormat {
            do { _ = try LogFormat(argument: logFormat) } catch let e as LogMiningError { throw ValidationError(e.description) }
        }
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
        var request = IndexRequest(
            service: store.service, target: try target(), inputs: files,
            format: try logFormat.map { try LogFormat(argument: $0) }, batchRecords: batchRecords)
        request.allowUnmatchedHeader = allowUnmatched
        let bar = ProgressBar(enabled: !quiet && isatty(2) != 0)
        let indexer = DeploymentIndexer(
            store: try store.open(), request: request, progress: bar.update,
            waiting: { if !quiet { Diagnostics.note("deploydiff: another indexer is writing service '\(request.service)'; waiting") } })
        let started = Date()
        let report = try indexer.run()
        bar.finish()
        for o in report.outcomes {
            switch o.status {
            case .failed(let message): Diagnostics.printError(message)
            case .unmatchedHeader(let c):
                Diagnostics.printError("\(o.path): \(c.summary); nothing indexed from it: check --log-format, or pass --allow-unmatched to index it anyway")
            case .indexed, .unchanged: break
            }
        }
        if !quiet { try summary(report, seconds: Date().timeIntervalSince(started)) }
        if report.failures > 0 { throw CLIError.inputsFailed(count: report.failures) }
    }

    /// The deployment, or the schedule of deploys from tags or the CSV file.
    private func target() throws -> IndexTarget {
        guard byTags else { return .deployment(name: deploy!, commit: commit) }
        if let deploys {
            guard let text = try? String(contentsOfFile: deploys, encoding: .utf8) else {
                throw IngestionError.unreadable(path: deploys, reason: "no such readable text file")
            }
            return .schedule(try DeploySchedule.parse(csv: text, path: deploys))
        }
        let tags = try GitRepository.open(path: repo!).tags(matching: tagPattern)
        guard !tags.isEmpty else {
            throw CLIError.message("\(repo!): no tags\(tagPattern.map { " match '\($0)'" } ?? ""); tag the deploys, or give --deploys FILE")
        }
        return .schedule(tags.map { ScheduledDeploy(name: $0.name, startMillis: $0.date.seconds * 1000, commit: $0.commit.hex) })
    }

    private func summary(_ r: IndexReport, seconds: Double) throws {
        let out = OutputWriter()
        for o in r.outcomes {
            let format = verbose ? o.detectedFormat.map { " [format: \($0)]" } ?? "" : ""
            switch o.status {
            case .indexed(let n, let from):
                try out.write("\(o.path): \(n) records" + (from > 0 ? " (new tail from byte \(from))" : "") + format + "\n")
            case .unchanged: try out.write("\(o.path): already indexed, nothing new\n")
            case .failed, .unmatchedHeader: break
            }
        }
        let rate = seconds > 0 ? Int(Double(r.stats.records) / seconds) : 0
        for (name, n) in r.recordsByDeployment.sorted(by: { $0.key < $1.key }) where byTags {
            try out.write("  \(name): \(n) records\n")
        }
        if r.unscheduled > 0 { try out.write("  \(r.unscheduled) records before the first deploy or without a time: skipped\n") }
        try out.write(
            "\(deploy ?? "by tags"): \(r.stats.records) records, \(r.templatesAfter) templates (\(r.templatesAfter - r.templatesBefore) new) in \(String(format: "%.2f", seconds)) s (\(rate) records/s)\n")
        if verbose {
            try out.write(String(format: "store: %.2f s writing, miner waited %.2f s\n", r.writeSeconds, r.waitSeconds))
        }
        let skipped = r.limits.counts.sorted { $0.key < $1.key }
        if !skipped.isEmpty { try out.write("skipped or cut: " + skipped.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ") + "\n") }
        try out.flush()
    }
}

/// A one-line progress display on a terminal's stderr: records, records/s, bytes, ETA.
final class ProgressBar: @unchecked Sendable {
    private let enabled: Bool
    private let start = Date()
    private var shown = false

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ p: IndexProgress) {
        guard enabled else { return }
        let t = max(Date().timeIntervalSince(start), 0.001)
        var line = "\(p.input): \(p.records) records, \(Int(Double(p.records) / t)) records/s, \(p.bytesRead >> 20) MiB"
        if let total = p.totalBytes, total > 0, p.bytesRead > 0 {
            let eta = t * Double(total - p.bytesRead) / Double(p.bytesRead)
            line += " of \(total >> 20) MiB, ETA \(Int(eta)) s"
        }
        Diagnostics.raw("\r\u{1B}[K" + line)
        shown = true
    }

    func finish() { if shown { Diagnostics.raw("\r\u{1B}[K") } }
}
