import LogMining

/// `parse`'s outputs: loghub's CSV layout, JSON lines, the template list, and the verbose summary.
public enum ParseRenderer {
    /// `File,` leads when there are several inputs.
    public static func csvHeader(manyInputs: Bool) -> String {
        manyInputs ? "File,LineId,EventId,EventTemplate\n" : "LineId,EventId,EventTemplate\n"
    }

    /// `EventId,EventTemplate` of a template, the part of a CSV row worth caching per template.
    public static func csvTemplate(_ id: TemplateID, _ text: String) -> String { "\(id),\(CSVField.escape(text))" }

    /// The rows of `parse --format csv`: a file column when there are several inputs, and each
    /// template's two cells escaped once, not once per record.
    public struct CSVRows {
        private let files: [String]?
        private var cells: [Int: String] = [:]

        public init(inputs: [String]) { files = inputs.count > 1 ? inputs : nil }

        public mutating func row(input: Int, line: Int32, template: TemplateID, text: String) -> String {
            let cell = cells[template.rawValue] ?? ParseRenderer.csvTemplate(template, text)
            cells[template.rawValue] = cell
            return ParseRenderer.csvRow(file: files?[input], line: line, template: cell)
        }
    }

    public static func csvRow(file: String?, line: Int32, template: String) -> String {
        file.map { "\(CSVField.escape($0)),\(line),\(template)\n" } ?? "\(line),\(template)\n"
    }

    /// One record as a JSON line: file, line, template_id, template, level, then component and timestamp
    /// when known, and the parameters.
    public static func jsonLine(
        file: String, line: Int32, id: TemplateID, template: String, level: LogLevel, component: String?, timestamp: String?,
        parameters: [String]
    ) -> String {
        var s = "{\"file\":\(JSONOutput.string(file)),\"line\":\(line),\"template_id\":\"\(id)\""
        s += ",\"template\":\(JSONOutput.string(template)),\"level\":\"\(level)\""
        if let component { s += ",\"component\":\(JSONOutput.string(component))" }
        if let timestamp { s += ",\"timestamp\":\(JSONOutput.string(timestamp))" }
        s += ",\"parameters\":[\(parameters.map(JSONOutput.string).joined(separator: ","))]}\n"
        return s
    }

    /// `count<TAB>id<TAB>text`.
    public static func templateLine(_ t: Template) -> String { "\(t.count)\t\(t.id)\t\(t.text)\n" }

    public static func summary(stats s: ReadStats, templates: Int, placements p: TemplateMiner.Placements, limits: LimitCounts) -> String {
        var line = "deploydiff: \(s.records) records from \(s.lines) lines (\(s.bytes) bytes), \(templates) templates"
        line += " (exact \(p.exact), similar \(p.similar), new \(p.created))"
        for (reason, n) in limits.counts.sorted(by: { $0.key < $1.key }) { line += "; \(reason.rawValue): \(n)" }
        return line
    }
}
