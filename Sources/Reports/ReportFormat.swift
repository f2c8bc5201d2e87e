
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
