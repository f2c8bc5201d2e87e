import ArgumentParser
import PatternStore

struct Deploys: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List indexed deployments.")

    @OptionGroup var store: StoreOptions

    @Flag(help: "List deployments of every service.")
    var allServices = false

    @Option(help: "Output: text, json.")
    var format: OutputFormat = .text

    func run() throws {
        let list = try store.openForReading().deployments(service: allServices ? nil : store.service)
        let out = OutputWriter()
        switch format {
        case .json: try out.write(try jsonText(list))
        case .text:
            for d in list {
                let range = [isoTime(d.firstTimestamp), isoTime(d.lastTimestamp)].compactMap { $0 }.joined(separator: " .. ")
                try out.write("\(d.service)\t\(d.name)\t\(d.records) records\t\(range.isEmpty ? "-" : range)\t\(d.commit ?? "-")\n")
            }
        }
        try out.flush()
    }
}

struct Templates: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List a deployment's templates with counts, most frequent first.")

    @OptionGroup var store: StoreOptions

    @Option(help: "The deployment.")
    var deploy: String

    @Option(help: "Show at most this many templates.")
    var top: Int?

    @Option(help: "Only templates with records at this level or more severe (e.g. WARN, ERROR).")
    var level: String?

    @Option(help: "Output: text, json.")
    var format: OutputFormat = .text

    func validate() throws {
        try NameValidation.check(deploy, flag: "--deploy", what: "deployment")
        if let level, LogLevel(level) == .unknown { throw ValidationError("unknown level '\(level)'; use TRACE, DEBUG, INFO, WARN, ERROR or FATAL") }
    }

    func run() throws {
        let s = try store.openForReading()
        guard let d = try s.deployments(service: store.service).first(where: { $0.name == deploy }) else {
            throw PatternStoreError.deploymentNotFound(service: store.service, name: deploy)
        }
        var stats = try s.templateStats(deployment: d)
        if let level {
            let min = LogLevel(level)
            stats = stats.filter { $0.maxLevel >= min }
        }
        if let top { stats = Array(stats.prefix(top)) }
        let out = OutputWriter()
        switch format {
        case .json: try out.write(try jsonText(stats))
        case .text:
            for t in stats { try out.write("\(t.count)\tT\(t.id)\t\(t.maxLevel)\t\(t.text)\n") }
        }
        try out.flush()
    }
}

import LogMining
