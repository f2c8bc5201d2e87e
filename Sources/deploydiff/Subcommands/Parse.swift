import ArgumentParser
import Foundation
import LogMining
import Reports
import Workflows

enum ParseOutput: String, ExpressibleByArgument, CaseIterable {
    case csv, jsonl, templates
}

struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mine log templates from files or standard input and print them.",
        discussion: """
            --format csv writes loghub's structured layout (LineId,EventId,EventTemplate), one row per \
            record; jsonl adds level, component, timestamp and parameters; templates lists templates \
            with counts, most frequent first.
            """
    )

    @Argument(help: "Log files; '-' or none reads standard input.")
    var files: [String] = []

    @OptionGroup var logFormat: LogFormatOption

    @Option(help: "Output: \(ParseOutput.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: ParseOutput = .templates

    @Flag(name: .shortAndLong, help: "Say which format was chosen and what was cut or skipped.")
    var verbose = false

    func run() throws {
        let inputs = files.isEmpty ? ["-"] : files
        let request = ParseRequest(
            inputs: inputs, format: try logFormat.resolved(),
            rows: format == .templates ? .none : format == .csv ? .templates : .templatesAndFields, config: MinerSettings.fromEnvironment())
        let out = OutputWriter()
        let many = inputs.count > 1
        if format == .csv { try out.write(ParseRenderer.csvHeader(manyInputs: many)) }
        var csv = ParseRenderer.CSVRows(inputs: inputs)
        let report = try ParseRun.run(request, notice: notice) { row in
            if let f = row.fields {
                try out.write(
                    ParseRenderer.jsonLine(
                        file: inputs[row.input], line: row.line, id: row.template, template: row.text, level: f.level, component: f.component,
                        timestamp: f.timestamp, parameters: f.parameters))
            } else {
                try out.write(csv.row(input: row.input, line: row.line, template: row.template, text: row.text))
            }
        }
        for t in report.templates { try out.write(ParseRenderer.templateLine(t)) }
        try out.flush()
        if verbose {
            Diagnostics.note(ParseRenderer.summary(stats: report.stats, templates: report.liveTemplates, placements: report.placements, limits: report.limits))
        }
        if report.failedInputs > 0 { throw CLIError.inputsFailed(count: report.failedInputs) }
    }

    private func notice(_ n: ParseNotice) {
        switch n {
        case .inputFailed(let e): Diagnostics.printError("\(e)")
        case .formatDetected(let input, let d, let f): if verbose { Diagnostics.note("deploydiff: \(input): format detected as \(d): \(f)") }
        case .lowCoverage(let input, let summary):
            // parse only reads: it says so and goes on (index refuses such an input).
            Diagnostics.note("deploydiff: \(input): warning: \(summary); unmatched lines continue the record before them: check --log-format")
        }
    }
}

/// The miner's settings: the defaults, unless the accuracy benchmark names candidate settings in
/// `DEPLOYDIFF_MINER_CANDIDATE="name=value,..."` (bench/accuracy.py's leave-one-dataset-out
/// protocol; never set in production). The executable reads the environment, not the library.
enum MinerSettings {
    static func fromEnvironment() -> MinerConfig {
        ProcessInfo.processInfo.environment["DEPLOYDIFF_MINER_CANDIDATE"].map { MinerConfig().overriding(spec: $0) } ?? MinerConfig()
    }
}
