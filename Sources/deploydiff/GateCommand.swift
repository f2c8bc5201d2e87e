import ArgumentParser
import Foundation
import ModelTier
import PatternDiff
import Reports
import PatternStore

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, md, junit, github, html
}

/// Options shared by `explain` and `gate`: which deployments, which repository, where output goes.
struct ReportOptions: ParsableArguments {
    @Argument(help: "The baseline deployment (default: the candidate's predecessor).")
    var baseline: String?

    @Argument(help: "The candidate deployment (default: the latest indexed).")
    var candidate: String?

    @Option(help: "The git repository of the service, to link changes to code.")
    var repo: String?

    @Option(help: "Only tags matching this glob are deploys.")
    var tagPattern: String?

    @Option(help: "Compare rates per record or per minute: records, time.")
    var normalize: Normalization = .records

    @Option(help: "Output on stdout: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: ReportFormat = .text

    @Option(
        name: .customLong("output"),
        help: ArgumentHelp("Write a report to a file: FILE (in --format), or FORMAT=FILE; repeatable (json=out.json md=summary.md junit=junit.xml).", valueName: "[FORMAT=]FILE"))
    var outputs: [String] = []

    @OptionGroup var redaction: RedactionOptions

    /// Resolved outputs: (format, path); an empty list means stdout in `format`.
    func resolvedOutputs() throws -> [(ReportFormat, String)] {
        try outputs.map { spec in
            if let eq = spec.firstIndex(of: "="), let f = ReportFormat(rawValue: String(spec[..<eq])) {
                return (f, String(spec[spec.index(after: eq)...]))
            }
            if spec.contains("=") { throw ValidationError("'\(spec)': the format before '=' must be one of \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))") }
            return (format, spec)
        }
    }
}

/// Renders a report in each requested format; the one place that writes report files. The report
/// is redacted (unless `--no-redact`) before any renderer sees it.
enum ReportWriter {
    static func write(_ raw: GateReport, _ options: ReportOptions, textBody: (GateReport) -> String) throws {
        let r = options.redaction.prepare(raw)
        try emit(options) { format in try render(r, format, textBody) }
    }

    /// deploydiff failed and `--fail-on-error-as-pass` passes the step: each requested report
    /// still gets written, saying so.
    static func writeError(_ error: any Error, _ options: ReportOptions) throws {
        let message = options.redaction.prepare("\(error)")
        try emit(options) { format in
            switch format {
            case .text: ErrorReport.text(message)
            case .json: ErrorReport.json(message)
            case .md: ErrorReport.markdown(message)
            case .junit: ErrorReport.junit(message)
            case .github: ErrorReport.github(message)
            case .html: ErrorReport.html(message)
            }
        }
    }

    private static func emit(_ options: ReportOptions, _ body: (ReportFormat) throws -> String) throws {
        let outputs = try options.resolvedOutputs()
        if outputs.isEmpty {
            let out = OutputWriter()
            try out.write(try body(options.format))
            try out.flush()
        }
        for (format, path) in outputs {
            try ReportFile.write(try body(format), to: path)
        }
    }

    static func render(_ r: GateReport, _ f: ReportFormat, _ textBody: (GateReport) -> String) throws -> String {
        switch f {
        case .text: textBody(r)
        case .json: try jsonText(r)
        case .md: GateMarkdownRenderer().render(r)
        case .junit: JUnitRenderer().render(r)
        case .github: GitHubAnnotationsRenderer().render(r)
        case .html: HTMLRenderer().render(r)
        }
    }
}

/// The model tier's flags. Keys come only from the environment (ANTHROPIC_API_KEY, OPENAI_API_KEY).
struct ModelOptions: ParsableArguments {
    @Option(help: "The small model: anthropic:claude-haiku-4-5, openai:llama3.1 (base URL from ANTHROPIC_BASE_URL / OPENAI_BASE_URL).")
    var model: String?

    @Option(help: "The strong model the small one escalates to.")
    var escalateModel: String?

    @Option(help: "When to escalate: always, auto (a regression or low confidence), never.")
    var escalate: EscalationMode = .auto

    @Option(help: "Most tool calls the strong model may make.")
    var maxToolCalls: Int = 8

    @Flag(help: "Print exactly what would be sent to the model (redacted), without sending it.")
    var showPrompt = false

    @Flag(help: "Ignore a cached finding for the same input.")
    var noCache = false

    var routing: Routing { Routing(small: model, strong: escalateModel, escalate: escalate, maxToolCalls: maxToolCalls) }

    func validate() throws {
        for spec in [model, escalateModel].compactMap({ $0 }) {
            do { _ = try ModelSpec(parsing: spec) } catch { throw ValidationError("\(error)") }
        }
        if showPrompt, model == nil, escalateModel == nil { throw ValidationError("--show-prompt needs --model or --escalate-model") }
    }

    func provider(_ spec: String?) throws -> (any ChatProvider)? {
        guard let spec else { return nil }
        let s = try ModelSpec(parsing: spec)
        return ProviderFactory.make(spec: s, config: try ProviderConfig.resolve(spec: s, environment: ProcessInfo.processInfo.environment))
    }
}

/// Runs async work from a synchronous command: the CLI's one bridge to the model tier.
func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}

final class ResultBox<T>: @unchecked Sendable { var result: Result<T, Error>? }

/// The finding for a diff: cached, or written by the tiers the flags configure.
func writeFinding(_ diff: DeployDiff, _ input: DiffInput, _ store: PatternStore, _ m: ModelOptions) throws -> Finding? {
    guard m.model != nil || m.escalateModel != nil else { return DeterministicReader.finding(for: diff) }
    let writer = FindingWriter(
        routing: m.routing, small: try m.provider(m.model), strong: try m.provider(m.escalateModel),
        investigator: StoreInvestigator(store: store, service: input.service, input: input))
    if m.showPrompt {
        let provider = try (m.provider(m.model) ?? m.provider(m.escalateModel))!
        let request = writer.firstRequest(for: diff, escalated: m.model == nil)
        let preview = try blocking { await provider.preview(request) }
        print(preview.description)
        return nil
    }
    let key = FindingWriter.cacheKey(diff: diff, routing: m.routing)
    if !m.noCache, let cached = try store.cachedFinding(key: key), let f = try? JSONDecoder().decode(Finding.self, from: Data(cached.utf8)) {
        var x = f
        x.routing.notes.append("from the cache: same diff and routing as before, no model called")
        return x
    }
    let finding = try blocking { await writer.finding(for: diff) }
    if finding.routing.tier != .deterministic, store.isWritable, let json = try? JSONEncoder().encode(finding) {
        try store.cacheFinding(key: key, json: String(decoding: json, as: UTF8.self))
    }
    return finding
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Diff two deployments and write the finding a human reviews.",
        discussion: "Without a model configured, the deterministic reader writes the finding: offline, no keys."
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var report: ReportOptions
    @OptionGroup var models: ModelOptions

    func run() throws {
        let s = try store.openForReading()
        let input = try DiffPlanner.input(
            store: s, service: store.service, baseline: report.baseline, candidate: report.candidate,
            repository: report.repo, tagPattern: report.tagPattern, options: DiffOptions(normalize: report.normalize))
        let diff = DiffEngine.diff(input)
        guard let finding = try writeFinding(diff, input, s, models) else { return }
        let gate = Gate.evaluate(diff, policy: GatePolicy(), finding: finding)
        let r = GateReport(gate: gate, finding: finding, diff: diff)
        try ReportWriter.write(r, report) { FindingTextRenderer(color: Terminal.colorOnStdout).render($0, withGate: false) }
    }
}

struct GateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Fail a CI step when the deploy violates the policy.",
        discussion: "Exit 0 pass (warnings included), 1 the policy failed, 2 deploydiff could not decide."
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var report: ReportOptions
    @OptionGroup var models: ModelOptions

    @Option(help: "The policy file (default: .deploydiff.yml found upwards; built-in default preset when none).")
    var policy: String?

    @Option(help: "Use a built-in preset instead of the policy file's: strict, default, lenient.")
    var preset: GatePolicy.Preset?

    @Flag(help: "Exit 0 when deploydiff itself fails (an unreadable store, a bad repository): for teams that prefer not to block on tool errors.")
    var failOnErrorAsPass = false

    func run() throws {
        do { try evaluate() } catch let e as GateFailed {
            throw e
        } catch {
            guard failOnErrorAsPass else { throw error }
            Diagnostics.printError("\(error) (passing: --fail-on-error-as-pass)")
            // The requested reports still get written, with the error in them.
            do { try ReportWriter.writeError(error, report) } catch { Diagnostics.printError("\(error)") }
        }
    }

    private func evaluate() throws {
        var p = try PolicyLoader.locate(policy).map(PolicyLoader.load) ?? GatePolicy()
        if let preset { p.preset = preset }
        let s = try store.openForReading()
        let input = try DiffPlanner.input(
            store: s, service: store.service, baseline: report.baseline, candidate: report.candidate,
            repository: report.repo, tagPattern: report.tagPattern,
            options: DiffOptions(normalize: report.normalize, nonProductionPaths: p.resolved(for: store.service).nonProductionPaths))
        let diff = DiffEngine.diff(input)
        guard let finding = try writeFinding(diff, input, s, models) else { return }
        let gate = Gate.evaluate(diff, policy: p, finding: finding)
        let r = GateReport(gate: gate, finding: finding, diff: diff)
        do {
            try ReportWriter.write(r, report) { FindingTextRenderer(color: Terminal.colorOnStdout).render($0, withGate: true) }
        } catch CLIError.brokenPipe where gate.decision == .fail {
            // The reader of stdout left (`gate | head`): the decision stands, and CI reads the exit code.
        }
        if gate.decision == .fail { throw GateFailed() }
    }
}

extension GatePolicy.Preset: ExpressibleByArgument {}

/// The gate's verdict was "fail": exit 1, nothing more to print.
struct GateFailed: Error {}

struct Policy: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check or create a gate policy file.", subcommands: [Check.self, Init.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate a policy file (default: .deploydiff.yml found upwards).")
        @Argument var file: String?
        func run() throws {
            guard let path = PolicyLoader.locate(file) else { throw CLIError.message("no \(PolicyLoader.fileName) here or above; create one with 'deploydiff policy init'") }
            let p = try PolicyLoader.load(path)
            print("\(path): ok, preset \((p.preset ?? .default).rawValue), \(p.effectiveRules.count) rules, \(p.ignore?.count ?? 0) ignores, \(p.services?.count ?? 0) service overrides")
        }
    }

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a commented default .deploydiff.yml.")
        @Argument var file: String = PolicyLoader.fileName
        @Flag var force = false
        func run() throws {
            if FileManager.default.fileExists(atPath: file), !force { throw CLIError.message("\(file) exists; use --force to overwrite it") }
            try PolicyLoader.template.write(toFile: file, atomically: true, encoding: .utf8)
            print("wrote \(file)")
        }
    }
}

extension EscalationMode: ExpressibleByArgument {}
