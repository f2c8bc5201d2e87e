import LogMining
import Ingestion

/// Runs `parse`: mines every input with one miner, then writes the chosen output. Templates
/// are final only once every record is mined, so per-record outputs are written at the end.
struct ParseRunner {
    let plan: ParsePlan

    private struct Row {
        let file: Int32
        let line: Int32
        let id: Int32
    }

    private struct Extra {
        let level: LogLevel
        let component: String?
        let timestamp: String?
        let message: String
    }

    func run() throws {
        let miner = try TemplateMiner(config: plan.config)
        let out = OutputWriter()
        var rows: [Row] = []
        var extras: [Extra] = []
        var failed = 0
        var stats = ReadStats()
        for (index, path) in plan.inputs.enumerated() {
            var input: LogInput
            do { input = try LogInput.open(path, format: plan.format) } catch {
                Diagnostics.printError("\(error)")
                failed += 1
                continue
            }
            defer { input.close() }
            if plan.verbose, let d = input.detectedAs {
                Diagnostics.note("deploydiff: \(input.displayName): format detected as \(d): \(input.format.description)")
            }
            if let c = input.coverage, c.isTooLow {
                // parse only reads: it says so and goes on (index refuses such an input).
                Diagnostics.note("deploydiff: \(input.displayName): warning: \(c.summary); unmatched lines continue the record before them: check --log-format")
            }
            let reader = RecordReader(format: input.format, limits: plan.config.limits)
            do {
                try reader.read(&input.source) { record in
                    let id = miner.add(record.message).id
                    guard plan.output != .templates else { return }
                    rows.append(Row(file: Int32(index), line: Int32(truncatingIfNeeded: record.lineNumber), id: Int32(id.rawValue)))
                    if plan.output == .jsonl {
                        extras.append(
                            Extra(
                                level: record.level, component: record.componentString, timestamp: record.timestampString,
                                message: record.messageString))
                    }
                }
            } catch {
                Diagnostics.printError("\(error)")
                failed += 1
            }
            stats.merge(reader.stats)
        }
        try write(rows, extras, miner, out)
        try out.flush()
        if plan.verbose { summary(stats, miner) }
        if failed > 0 { throw CLIError.inputsFailed(count: failed) }
    }

    private func write(_ rows: [Row], _ extras: [Extra], _ miner: TemplateMiner, _ out: OutputWriter) throws {
        switch plan.output {
        case .templates:
            for t in miner.templates { try out.write("\(t.count)\t\(t.id)\t\(t.text)\n") }
        case .csv:
            let many = plan.inputs.count > 1
            try out.write(many ? "File,LineId,EventId,EventTemplate\n" : "LineId,EventId,EventTemplate\n")
            var cache: [Int32: String] = [:]
            for r in rows {
                let line = try cachedLine(r.id, miner, &cache)
                try out.write(many ? "\(CSVField.escape(plan.inputs[Int(r.file)])),\(r.line),\(line)\n" : "\(r.line),\(line)\n")
            }
        case .jsonl:
            for (r, x) in zip(rows, extras) {
                let id = miner.resolve(TemplateID(Int(r.id)))
                let t = miner.template(id)?.text ?? ""
                let params = miner.parameters(of: x.message, for: id).map(Escape.json).joined(separator: ",")
                var s = "{\"file\":\(Escape.json(plan.inputs[Int(r.file)])),\"line\":\(r.line),\"template_id\":\"\(id)\""
                s += ",\"template\":\(Escape.json(t)),\"level\":\"\(x.level)\""
                if let c = x.component { s += ",\"component\":\(Escape.json(c))" }
                if let ts = x.timestamp { s += ",\"timestamp\":\(Escape.json(ts))" }
                s += ",\"parameters\":[\(params)]}\n"
                try out.write(s)
            }
        }
    }

    private func cachedLine(_ raw: Int32, _ miner: TemplateMiner, _ cache: inout [Int32: String]) throws -> String {
        if let s = cache[raw] { return s }
        let id = miner.resolve(TemplateID(Int(raw)))
        let s = "\(id),\(CSVField.escape(miner.template(id)?.text ?? ""))"
        cache[raw] = s
        return s
    }

    private func summary(_ s: ReadStats, _ miner: TemplateMiner) {
        let p = miner.placements
        var line = "deploydiff: \(s.records) records from \(s.lines) lines (\(s.bytes) bytes), \(miner.liveCount) templates"
        line += " (exact \(p.exact), similar \(p.similar), new \(p.created))"
        var limits = s.limits
        limits.merge(miner.limitCounts)
        for (reason, n) in limits.counts.sorted(by: { $0.key < $1.key }) { line += "; \(reason.rawValue): \(n)" }
        Diagnostics.note(line)
    }
}
