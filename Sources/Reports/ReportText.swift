import Redaction
import Findings
import DeployGate
import PatternDiff

// Every string in a report that came from outside deploydiff's own code: log text (samples,
// templates, values, levels, components), code (hunks, file names), commits (subjects, authors),
// policy evidence, and what a model wrote. `mappingText` applies one function to all of them, so a
// step that must reach every output (redaction, control characters) cannot miss a field. Ids that
// tie the report together (change ids, commit ids, template ids) are left as they are.

extension DeployDiff {
    public func mappingText(_ f: (String) -> String) -> DeployDiff {
        var d = self
        d.service = f(service)
        d.baseline.name = f(baseline.name)
        d.candidate.name = f(candidate.name)
        d.changes = changes.map { $0.mappingText(f) }
        d.incidents = incidents.map { i in
            var i = i
            i.title = f(i.title)
            i.reasons = i.reasons.map(f)
            return i
        }
        d.code.reason = code.reason.map(f)
        d.code.range = code.range.map(f)
        d.code.commits = code.commits.map { $0.mappingText(f) }
        return d
    }

    /// The diff with secrets replaced by the redactor's `[REDACTED:kind]` markers.
    public func redacted(by redactor: Redactor = Redactor()) -> DeployDiff { mappingText(redactor.redact) }
}

extension Change {
    func mappingText(_ f: (String) -> String) -> Change {
        var c = self
        c.template.text = f(self.template.text)
        c.detail = detail.map(f)
        if var l = link {
            l.file = f(l.file)
            l.hunkHeader = f(l.hunkHeader)
            l.text = f(l.text)
            l.hunk = l.hunk.map(f)
            l.context = l.context?.map { SourceLine(line: $0.line, text: f($0.text)) }
            l.commit = l.commit?.mappingText(f)
            c.link = l
        }
        c.suspects = suspects?.map { s in
            var s = s
            s.commit = s.commit.mappingText(f)
            s.reason = f(s.reason)
            return s
        }
        c.payload = payload.mappingText(f)
        c.samples = self.samples.map(f)
        c.acknowledgement = acknowledgement.map(f)
        c.component = self.component.map(f)
        return c
    }
}

extension ChangePayload {
    /// The payload's text mapped; a value's position ("token 3", "exception") is the change id's
    /// suffix and is kept, so a redacted report's ids are the diff's.
    func mappingText(_ f: (String) -> String) -> ChangePayload {
        func mapped(_ values: [ValueCount]) -> [ValueCount] {
            values.map { v in
                var v = v
                v.value = f(v.value)
                return v
            }
        }
        switch self {
        case .valueShift(let values): return .valueShift(values: mapped(values))
        case .exceptionChange(let values): return .exceptionChange(values: mapped(values))
        case .recurrence(var r):
            r.vanishedIn = f(r.vanishedIn)
            r.lastSeenIn = f(r.lastSeenIn)
            r.fix = r.fix?.mappingText(f)
            r.fixStatement = r.fixStatement.map(f)
            r.trace = r.trace.map(f)
            r.frameBefore = r.frameBefore.map(f)
            r.frameNow = r.frameNow.map(f)
            return .recurrence(r)
        default: return self
        }
    }
}

extension CommitRef {
    func mappingText(_ f: (String) -> String) -> CommitRef {
        var c = self
        c.subject = f(subject)
        c.author = f(author)
        return c
    }
}

extension Finding {
    public func mappingText(_ f: (String) -> String) -> Finding {
        var x = self
        x.title = f(title)
        x.narrative = f(narrative)
        x.suspectedPattern = suspectedPattern.map { p in
            var p = p
            p.text = f(p.text)
            return p
        }
        x.evidence = evidence.map { e in
            var e = e
            e.summary = f(e.summary)
            e.sample = e.sample.map(f)
            e.file = e.file.map(f)
            e.commitSubject = e.commitSubject.map(f)
            return e
        }
        x.nextCheck = f(nextCheck)
        x.proposedActions = proposedActions.map(f)
        x.routing.model = routing.model.map(f)
        x.routing.notes = routing.notes.map(f)
        return x
    }
}

extension GateResult {
    public func mappingText(_ f: (String) -> String) -> GateResult {
        var g = self
        g.violations = violations.map { v in
            var v = v
            v.template = f(v.template)
            v.measured = f(v.measured)
            v.file = v.file.map(f)
            return v
        }
        g.ignored = ignored.map(f)
        g.notes = notes.map(f)
        return g
    }
}

extension GateReport {
    public func mappingText(_ f: (String) -> String) -> GateReport {
        GateReport(gate: gate.mappingText(f), finding: finding.mappingText(f), diff: diff.mappingText(f), history: history?.mappingText(f))
    }

    /// The report with secrets replaced by the redactor's `[REDACTED:kind]` markers, with the same
    /// rules as model egress. The gate's decision is not re-evaluated: it was taken on the raw data.
    public func redacted(by redactor: Redactor = Redactor()) -> GateReport { mappingText(redactor.redact) }

    /// Control characters made visible; every renderer starts here.
    var terminalSafe: GateReport { mappingText(ControlCharacters.escape) }
}

extension DeployDiff {
    var terminalSafe: DeployDiff { mappingText(ControlCharacters.escape) }
}

/// Escaping for untrusted text in GitHub-flavoured Markdown (step summaries, PR comments). The
/// result is inert wherever it lands, in a paragraph, a table cell or an HTML block: HTML and
/// Markdown syntax characters become character references (never tags, emphasis, links, code spans
/// or table pipes), `@` cannot mention anyone, and line breaks are given as `lineBreak` (a space in a
/// cell, `<br>` in a paragraph, `&#10;` in a `<pre>`), so the text stays on one source line and
/// cannot start a block of its own. Inside code spans references do not work, so untrusted text
/// goes in `<code>` instead.
enum MarkdownText {
    static func escape(_ s: String, lineBreak: String = " ") -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        let scalars = Array(ControlCharacters.escape(s).unicodeScalars)
        // A list marker, setext underline or ordered-list number where a line begins.
        let lead = scalars.firstIndex { $0 != " " }
        let digitsEnd = lead.flatMap { i in scalars[i...].firstIndex { !("0"..."9").contains($0) } }
        for (i, ch) in scalars.enumerated() {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\n": out += lineBreak
            case "|", "`", "*", "_", "[", "]", "\\", "~", "#", "!", "@":
                out += "&#\(ch.value);"
            case "-" where i == lead, "+" where i == lead, "=" where i == lead:
                out += "&#\(ch.value);"
            case "." where i == digitsEnd && digitsEnd != lead, ")" where i == digitsEnd && digitsEnd != lead:
                out += "&#\(ch.value);"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
