import ArgumentParser
import Foundation
import LogMining
import PatternStore

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
    var deploy: String

    @Option(help: "The commit the deployment runs, when known.")
    var commit: String?

    @Option(name: .customLong("log-format"), help: "Header format (logparser syntax), json, logfmt or plain; detected per file when omitted.")
    var logFormat: String?

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
        if batchRecords < 1 { throw ValidationError("--batch must be at least 1") }
    }

    func run() throws {
        let request = IndexRequest(
            service: store.service, deployment: deploy, commit: commit, inputs: files,
            format: try logFormat.map { try LogFormat(argument: $0) }, batchRecords: batchRecords)
        let bar = ProgressBar(enabled: !quiet && isatty(2) != 0)
        let indexer = DeploymentIndexer(
            store: try store.open(), request: request, progress: bar.update,
            waiting: { if !quiet { Diagnostics.note("deploydiff: another indexer is writing service '\(request.service)'; waiting") } })
        let started = Date()
        let report = try indexer.run()
        bar.finish()
        for o in report.outcomes {
            if case .failed(let message) = o.status { Diagnostics.printError(message) }
        }
        if !quiet { try summary(report, seconds: Date().timeIntervalSince(started)) }
        if report.failures > 0 { throw CLIError.inputsFailed(count: report.failures) }
    }

    private func summary(_ r: IndexReport, seconds: Double) throws {
        let out = OutputWriter()
        for o in r.outcomes {
            let format = verbose ? o.detectedFormat.map { " [format: \($0)]" } ?? "" : ""
            switch o.status {
            case .indexed(let n, let from):
                try out.write("\(o.path): \(n) records" + (from > 0 ? " (new tail from byte \(from))" : "") + format + "\n")
            case .unchanged: try out.write("\(o.path): already indexed, nothing new\n")
            case .failed: break
            }
        }
        let rate = seconds > 0 ? Int(Double(r.stats.records) / seconds) : 0
        try out.write(
            "\(deploy): \(r.stats.records) records, \(r.templatesAfter) templates (\(r.templatesAfter - r.templatesBefore) new) in \(String(format: "%.2f", seconds)) s (\(rate) records/s)\n")
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
