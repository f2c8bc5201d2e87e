import PatternDiff

/// JUnit XML: one test case per policy rule; a failing rule's failure carries its evidence.
/// Warnings pass, with the evidence in system-out, so CI dashboards show them without failing.
public struct JUnitRenderer {
    public init() {}

    /// Control characters are shown as `\x1b` (XML 1.0 cannot carry most of them at all).
    public func render(_ raw: GateReport) -> String {
        let r = raw.terminalSafe
        let suite = "deploydiff gate \(r.diff.baseline.name)..\(r.diff.candidate.name)"
        let failures = r.gate.rules.filter { $0.action == .fail && $0.violations > 0 }.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"deploydiff\" tests=\"\(r.gate.rules.count)\" failures=\"\(failures)\">\n"
        out += "  <testsuite name=\"\(xml(suite))\" tests=\"\(r.gate.rules.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\">\n"
        for rule in r.gate.rules {
            let hits = r.gate.violations.filter { $0.rule == rule.rule }
            out += "    <testcase classname=\"deploydiff.policy\" name=\"\(xml(rule.rule))\">\n"
            if !hits.isEmpty {
                let body = hits.map { v in
                    "\(v.change): \(v.template)\n  \(v.measured)" + (v.file.map { "\n  at \($0):\(v.line ?? 0)" } ?? "")
                }.joined(separator: "\n")
                if rule.action == .fail {
                    out += "      <failure message=\"\(xml("\(hits.count) change(s) violate \(rule.rule)"))\" type=\"\(rule.action.rawValue)\">\(xml(body))</failure>\n"
                } else {
                    out += "      <system-out>\(xml("warning: " + body))</system-out>\n"
                }
            }
            out += "    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    private func xml(_ s: String) -> String {
        var o = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "\"": o += "&quot;"
            case "'": o += "&apos;"
            default:
                if ch.value < 0x20 && ch != "\n" && ch != "\t" { continue }
                o.unicodeScalars.append(ch)
            }
        }
        return o
    }
}

/// GitHub Actions workflow commands: an `::error` or `::warning` annotation per violation, on the
/// linked code line when there is one.
public struct GitHubAnnotationsRenderer {
    public init() {}

    /// Control characters are shown as `\x1b`: a CI log is a terminal too.
    public func render(_ raw: GateReport) -> String {
        let r = raw.terminalSafe
        var out = ""
        for v in r.gate.violations {
            let kind = v.action == .fail ? "error" : "warning"
            var props = "title=\(property("deploydiff: \(v.rule)"))"
            if let f = v.file {
                props = "file=\(property(f)),line=\(v.line ?? 1)," + props
            }
            out += "::\(kind) \(props)::\(message("\(Elided.text(v.template)) (\(v.change)) — \(v.measured)"))\n"
        }
        if r.gate.violations.isEmpty { out += "::notice title=deploydiff::\(message("gate \(r.gate.decision.rawValue): \(r.finding.title)"))\n" }
        return out
    }

    /// Escapes as the workflow-command format requires.
    private func message(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    private func property(_ s: String) -> String {
        message(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
