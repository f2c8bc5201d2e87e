import ArgumentParser
import Foundation
import LogMining
import Redaction
import LLMClient
import Findings
import DeployGate
import PatternDiff
import PatternStore
import PostgresStore
import Reports
import Workflows

#if canImport(Glibc)
import Glibc
#endif

/// Where the store is: `--db`, else `DEPLOYDIFF_DB`, else `.deploydiff/store.sqlite` here. A
/// `postgres://` URL is a PostgreSQL server; its password comes from PGPASSWORD or the pgpass file.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .customLong("db"),
        help: ArgumentHelp(
            "The store: a SQLite file, or postgres://USER@HOST:PORT/DBNAME?sslmode=disable|require|verify-full (password from PGPASSWORD or ~/.pgpass). Default: $DEPLOYDIFF_DB, else .deploydiff/store.sqlite.",
            valueName: "PATH|URL"))
    var db: String?

    @Option(help: "The service whose templates to use.")
    var service: String = "default"

    func validate() throws {
        try NameValidation.check(service, flag: "--service", what: "service")
    }

    var path: String {
        if let db { return db }
        if let env = ProcessInfo.processInfo.environment["DEPLOYDIFF_DB"], !env.isEmpty { return env }
        return ".deploydiff/store.sqlite"
    }

    /// The store to open: the SQLite file, or the PostgreSQL server of a `postgres://` URL with the
    /// password libpq would use (PGPASSWORD, else PGPASSFILE or ~/.pgpass).
    func location() throws -> StoreLocation {
        let target = path
        guard PostgresURL.isPostgres(target) else { return .sqlite(path: target) }
        let url = try PostgresURL(parsing: target)
        let env = ProcessInfo.processInfo.environment
        let passfile = env["PGPASSFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? env["HOME"].map { $0 + "/.pgpass" }
        let password = try PostgresPassword.resolve(for: url, variable: env["PGPASSWORD"], passfile: passfile)
        return StoreLocation(name: url.description) { try PostgresStore(url: url, password: password, access: $0) }
    }
}

/// Which deployments to compare and where their code is: `diff`, `explain` and `gate`.
struct DeploymentOptions: ParsableArguments {
    @Argument(help: "The baseline deployment (default: the candidate's predecessor).")
    var baseline: String?

    @Argument(help: "The candidate deployment (default: the latest indexed).")
    var candidate: String?

    @Option(help: "The git repository of the service, to link changes to commits and hunks.")
    var repo: String?

    @Option(help: "Only tags matching this glob are deploys (for finding the baseline).")
    var tagPattern: String?

    @Option(help: "Compare rates per record (share of all records) or per minute: records, time.")
    var normalize: Normalization = .records

    func pair(_ store: StoreOptions) throws -> DeploymentPair {
        DeploymentPair(
            store: try store.location(), service: store.service, baseline: baseline, candidate: candidate, repository: repo, tagPattern: tagPattern,
            normalize: normalize)
    }
}

/// `--log-format`, for `parse` and `index`.
struct LogFormatOption: ParsableArguments {
    @Option(name: .customLong("log-format"), help: "Header format in logparser syntax ('<Date> <Time> <Level> <Component>: <Content>'), or json, logfmt, plain. Detected per file when omitted.")
    var logFormat: String?

    func validate() throws {
        if let logFormat {
            do { _ = try LogFormat(argument: logFormat) } catch let e as LogMiningError { throw ValidationError(e.description) }
        }
    }

    func resolved() throws -> LogFormat? { try logFormat.map { try LogFormat(argument: $0) } }
}

/// `--no-redact`, shared by `diff`, `explain` and `gate`. Every output (text, JSON, Markdown, HTML,
/// JUnit, GitHub annotations) is redacted with the model-egress rules by default; the store keeps
/// the raw text.
struct RedactionOptions: ParsableArguments {
    @Flag(help: "Show secrets in log text as they are (for a local terminal). By default keys, tokens, passwords and the like are replaced with [REDACTED:kind] in every output.")
    var noRedact = false

    func prepare(_ s: String) -> String { noRedact ? s : Redactor().redact(s) }
}

/// Where `explain` and `gate` write: stdout in `--format`, and `--output` files.
struct ReportOptions: ParsableArguments {
    @Option(help: "Output on stdout: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: ReportFormat = .text

    @Option(
        name: .customLong("output"),
        help: ArgumentHelp("Write a report to a file: FILE (in --format), or FORMAT=FILE; repeatable (json=out.json md=summary.md junit=junit.xml).", valueName: "[FORMAT=]FILE"))
    var outputs: [String] = []

    @OptionGroup var redaction: RedactionOptions

    func validate() throws {
        do { _ = try destinations() } catch { throw ValidationError("\(error)") }
    }

    /// `--output` resolved; an empty list means stdout in `format`.
    func destinations() throws -> [ReportDestination] { try outputs.map { try ReportDestination($0, defaultFormat: format) } }

    /// Each requested report, rendered by `body`: the one place that writes report files.
    func emit(_ body: (ReportFormat) throws -> String) throws {
        let outputs = try destinations()
        if outputs.isEmpty { try OutputWriter.print(try body(format)) }
        for d in outputs { try ReportFile.write(try body(d.format), to: d.path) }
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

    func validate() throws {
        for spec in [model, escalateModel].compactMap({ $0 }) {
            do { _ = try ModelSpec(parsing: spec) } catch { throw ValidationError("\(error)") }
        }
        if showPrompt, model == nil, escalateModel == nil { throw ValidationError("--show-prompt needs --model or --escalate-model") }
    }

    /// The request, each model's configuration read from the environment.
    func request() throws -> FindingRequest {
        func choice(_ spec: String?) throws -> ModelChoice? {
            guard let spec else { return nil }
            let s = try ModelSpec(parsing: spec)
            return ModelChoice(spec: s, config: try ProviderConfig.resolve(spec: s, environment: ProcessInfo.processInfo.environment))
        }
        return FindingRequest(
            routing: Routing(small: model, strong: escalateModel, escalate: escalate, maxToolCalls: maxToolCalls),
            small: try choice(model), strong: try choice(escalateModel), showPrompt: showPrompt, useCache: !noCache)
    }
}

enum Terminal {
    /// Colour when stdout is a terminal and NO_COLOR is not set (https://no-color.org).
    static var colorOnStdout: Bool {
        isatty(1) != 0 && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

extension ReportFormat: ExpressibleByArgument {}
extension LogLevel: ExpressibleByArgument {
    public init?(argument: String) { self.init(named: argument) }
}
extension Normalization: ExpressibleByArgument {}
extension EscalationMode: ExpressibleByArgument {}
extension GatePolicy.Preset: ExpressibleByArgument {}
