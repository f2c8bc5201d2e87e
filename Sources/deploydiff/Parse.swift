import ArgumentParser
import Foundation
import LogMining

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

    @Option(
        name: .customLong("log-format"),
        help: "Header format in logparser syntax ('<Date> <Time> <Level> <Component>: <Content>'), or json, logfmt, plain. Detected when omitted."
    )
    var logFormat: String?

    @Option(help: "Output: \(ParseOutput.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: ParseOutput = .templates

    @Flag(name: .shortAndLong, help: "Say which format was chosen and what was cut or skipped.")
    var verbose = false

    func validate() throws {
        if let logFormat {
            do { _ = try LogFormat(argument: logFormat) } catch let e as LogMiningError { throw ValidationError(e.description) }
        }
    }

    func run() throws {
        let plan = try ParsePlan(
            inputs: files.isEmpty ? ["-"] : files,
            format: logFormat.map { try LogFormat(argument: $0) },
            output: format, verbose: verbose)
        try ParseRunner(plan: plan).run()
    }
}

/// The resolved form of `parse`'s flags: everything checked before any work starts.
struct ParsePlan {
    let inputs: [String]
    let format: LogFormat?
    let output: ParseOutput
    let verbose: Bool
    let config = MinerSettings.fromEnvironment()
}

/// The miner's settings: the defaults, unless the accuracy benchmark names candidate settings in
/// `DEPLOYDIFF_MINER_CANDIDATE="name=value,..."` (bench/accuracy.py's leave-one-dataset-out
/// protocol; never set in production). The executable reads the environment, not the library.
enum MinerSettings {
    static func fromEnvironment() -> MinerConfig {
        guard let spec = ProcessInfo.processInfo.environment["DEPLOYDIFF_MINER_CANDIDATE"] else { return MinerConfig() }
        var values: [String: Double] = [:]
        for item in spec.split(separator: ",") {
            let kv = item.split(separator: "=", maxSplits: 1)
            if kv.count == 2, let v = Double(kv[1]) { values[String(kv[0])] = v }
        }
        return MinerConfig().overriding(values)
    }
}
