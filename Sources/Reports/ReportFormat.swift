import PatternDiff
/// Where a report goes: `FILE` (in the default format) or `FORMAT=FILE`.
public struct ReportDestination: Equatable, Sendable {
    public var format: ReportFormat
    public var path: String

    public init(format: ReportFormat, path: String) {
        self.format = format
        self.path = path
    }

    /// Parses `spec`; a `NAME=` prefix that names no format is an error, not part of a file name.
    public init(_ spec: String, defaultFormat: ReportFormat) throws {
        if let eq = spec.firstIndex(of: "="), let f = ReportFormat(rawValue: String(spec[..<eq])) {
            self.init(format: f, path: String(spec[spec.index(after: eq)...]))
        } else if spec.contains("=") {
            throw ReportFileError(
                path: spec, reason: "the format before '=' must be one of \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        } else {
            self.init(format: defaultFormat, path: spec)
        }
    }
}

/// The formats `diff` writes.
public enum DiffFormat: String, CaseIterable, Sendable {
    case text, json, md

    public func render(_ diff: DeployDiff, color: Bool) throws -> String {
        switch self {
        case .json: try JSONOutput.document(diff)
        case .md: DiffMarkdownRenderer().render(diff)
        case .text: DiffTextRenderer(color: color).render(diff)
        }
    }
}

/// The formats `explain` and `gate` write.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, json, md, junit, github, html

    /// The report in this format; `text` is the finding as a terminal shows it.
    public func render(_ r: GateReport, color: Bool, withGate: Bool) throws -> String {
        switch self {
        case .text: FindingTextRenderer(color: color).render(r, withGate: withGate)
        case .json: try JSONOutput.document(r)
        case .md: GateMarkdownRenderer().render(r)
        case .junit: JUnitRenderer().render(r)
        case .github: GitHubAnnotationsRenderer().render(r)
        case .html: HTMLRenderer().render(r)
        }
    }

    /// What a gate writes when deploydiff failed and the step passes on request.
    public func renderError(_ message: String) -> String {
        switch self {
        case .text: ErrorReport.text(message)
        case .json: ErrorReport.json(message)
        case .md: ErrorReport.markdown(message)
        case .junit: ErrorReport.junit(message)
        case .github: ErrorReport.github(message)
        case .html: ErrorReport.html(message)
        }
    }
}
