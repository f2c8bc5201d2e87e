import Ingestion
import LogMining

/// What `parse` reads and what it keeps: resolved before any work starts.
public struct ParseRequest: Sendable {
    /// Per-record rows: none (templates only), the template of each record, or the template with the
    /// record's level, component, timestamp and parameters.
    public enum Rows: Sendable { case none, templates, templatesAndFields }

    public var inputs: [String]
    public var format: LogFormat?
    public var rows: Rows
    public var config: MinerConfig

    public init(inputs: [String], format: LogFormat?, rows: Rows, config: MinerConfig = MinerConfig()) {
        self.inputs = inputs
        self.format = format
        self.rows = rows
        self.config = config
    }
}

/// Something to tell the user while reading; the run goes on.
public enum ParseNotice {
    case formatDetected(input: String, detectedAs: String, format: String)
    /// The header format matches too few lines: unmatched lines continue the record before them.
    case lowCoverage(input: String, summary: String)
    /// An input that could not be opened or read; counted in `ParseReport.failedInputs`.
    case inputFailed(any Error)
}

/// One record with its final template (templates are final only once every record is mined).
public struct ParsedRow {
    public struct Fields {
        public let level: LogLevel
        public let component: String?
        public let timestamp: String?
        public let parameters: [String]
    }

    /// Index into `ParseRequest.inputs`.
    public let input: Int
    public let line: Int32
    public let template: TemplateID
    public let text: String
    /// With `Rows.templatesAndFields` only.
    public let fields: Fields?
}

public struct ParseReport {
    public let stats: ReadStats
    /// Live templates, most frequent first.
    public let templates: [Template]
    public let liveTemplates: Int
    public let placements: TemplateMiner.Placements
    /// Records skipped or cut, by the reader and the miner.
    public let limits: LimitCounts
    public let failedInputs: Int
}

/// `parse`: mines every input with one miner; rows go to `sink` once mining is done.
public enum ParseRun {
    private struct Row {
        let input: Int32
        let line: Int32
        let id: Int32
    }

    private struct Extra {
        let level: LogLevel
        let component: String?
        let timestamp: String?
        let message: String

        func fields(_ parameters: [String]) -> ParsedRow.Fields {
            ParsedRow.Fields(level: level, component: component, timestamp: timestamp, parameters: parameters)
        }
    }

    public static func run(
        _ request: ParseRequest, notice: (ParseNotice) -> Void, sink: (ParsedRow) throws -> Void
    ) throws -> ParseReport {
        let miner = try TemplateMiner(config: request.config)
        var rows: [Row] = []
        var extras: [Extra] = []
        var failed = 0
        var stats = ReadStats()
        for (index, path) in request.inputs.enumerated() {
            var input: LogInput
            do { input = try LogInput.open(path, format: request.format) } catch {
                notice(.inputFailed(error))
                failed += 1
                continue
            }
            defer { input.close() }
            if let d = input.detectedAs { notice(.formatDetected(input: input.displayName, detectedAs: d, format: input.format.description)) }
            if let c = input.coverage, c.isTooLow { notice(.lowCoverage(input: input.displayName, summary: c.summary)) }
            let reader = RecordReader(format: input.format, limits: request.config.limits)
            do {
                try reader.read(&input.source) { record in
                    let id = miner.add(record.message).id
                    guard request.rows != .none else { return }
                    rows.append(Row(input: Int32(index), line: Int32(truncatingIfNeeded: record.lineNumber), id: Int32(id.rawValue)))
                    if request.rows == .templatesAndFields {
                        extras.append(
                            Extra(
                                level: record.level, component: record.componentString, timestamp: record.timestampString,
                                message: record.messageString))
                    }
                }
            } catch {
                notice(.inputFailed(error))
                failed += 1
            }
            stats.merge(reader.stats)
        }
        for (i, r) in rows.enumerated() {
            let id = miner.resolve(TemplateID(Int(r.id)))
            let fields = request.rows == .templatesAndFields
                ? extras[i].fields(miner.parameters(of: extras[i].message, for: id)) : nil
            try sink(ParsedRow(input: Int(r.input), line: r.line, template: id, text: miner.template(id)?.text ?? "", fields: fields))
        }
        var limits = stats.limits
        limits.merge(miner.limitCounts)
        return ParseReport(
            stats: stats, templates: request.rows == .none ? miner.templates : [], liveTemplates: miner.liveCount,
            placements: miner.placements, limits: limits, failedInputs: failed)
    }
}
