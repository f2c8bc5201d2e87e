import Foundation
import PatternDiff

/// One self-contained HTML file: no network, no external assets. The verdict and narrative, the
/// incidents, and each change with its counts, a per-minute chart (inline SVG), samples and the
/// linked hunk with the log statement highlighted.
public struct HTMLRenderer {
    public init() {}

    /// Untrusted text is HTML-escaped, and its control characters shown as `\x1b`.
    public func render(_ raw: GateReport) -> String {
        let r = raw.terminalSafe
        let d = r.diff
        var b = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>deploydiff \(e(d.baseline.name)) → \(e(d.candidate.name))</title>
            <style>\(Self.css)</style></head><body>
            <header class="verdict \(r.gate.decision.rawValue)" id="verdict">
            <h1>deploydiff: \(e(d.baseline.name)) → \(e(d.candidate.name))</h1>
            <p class="decision">gate <strong>\(r.gate.decision.rawValue)</strong> · finding <strong>\(r.finding.verdict.rawValue)</strong>
            (confidence \(Int(r.finding.confidence * 100))%) · service \(e(d.service))</p>
            </header><main>
            <section id="finding"><h2>\(e(r.finding.title))</h2><p>\(e(r.finding.narrative))</p>
            <p><b>Next check:</b> \(e(r.finding.nextCheck))</p>
            """
        if !r.finding.proposedActions.isEmpty {
            b += "<p><b>Proposed for review (nothing is executed):</b></p><ul>" + r.finding.proposedActions.map { "<li>\(e($0))</li>" }.joined() + "</ul>"
        }
        b += "</section>"
        if !r.gate.violations.isEmpty {
            b += "<section id=\"rules\"><h2>Policy</h2><table><tr><th>Rule</th><th>Action</th><th>Template</th><th>Measured</th></tr>"
            for v in r.gate.violations {
                b += "<tr class=\"\(v.action.rawValue)\"><td>\(e(v.rule))</td><td>\(v.action.rawValue)</td><td><code>\(e(v.template))</code></td><td>\(e(v.measured))</td></tr>"
            }
            b += "</table></section>"
        }
        if !d.incidents.isEmpty {
            b += "<section id=\"incidents\"><h2>Incidents</h2><ol>"
            for i in d.incidents {
                b += "<li class=\"incident\"><b>\(e(i.id)) [\(i.severity.rawValue)]</b> \(e(i.title)) — \(i.changes.count) change(s): \(e(i.changes.joined(separator: ", ")))" + (i.reasons.isEmpty ? "" : " <small>(\(e(i.reasons.joined(separator: ", "))))</small>") + "</li>"
            }
            b += "</ol></section>"
        }
        if !d.code.available, let reason = d.code.reason { b += "<p class=\"note\">Code links unavailable: \(e(reason))</p>" }
        b += "<section id=\"changes\"><h2>Changes</h2>"
        for c in d.changes where c.kind != .rareAbsent { b += change(c) }
        b += "</section></main><footer>Written by deploydiff; finding by the \(r.finding.routing.tier.rawValue) tier.</footer></body></html>\n"
        return b
    }

    private func change(_ c: Change) -> String {
        var s = "<article class=\"change \(c.severity.rawValue)\" id=\"\(e(c.id))\">"
        s += "<h3><span class=\"sev\">\(c.severity.rawValue)</span> \(c.kind.rawValue) <code>T\(c.template.id)</code> \(c.template.level)</h3>"
        s += "<p class=\"template\"><code>\(e(c.template.text))</code></p>"
        s += "<p class=\"counts\">\(c.countA) → \(c.countB) records"
        if let r = c.ratio { s += String(format: " (×%.2f)", r) }
        s += String(format: ", q = %.2g", c.qValue)
        if let cl = c.classification { s += ", <b>\(cl.rawValue)</b>" }
        if c.acknowledged { s += ", acknowledged: \(e(c.acknowledgement ?? ""))" }
        s += "</p>" + chart(c)
        if let l = c.link {
            s += "<div class=\"hunk\"><div class=\"where\">\(e(l.file)):\(l.line) · <code>\(e(l.hunkHeader))</code>"
            if let cm = l.commit { s += " · commit <code>\(e(String(cm.id.prefix(10))))</code> \(e(cm.subject)) (\(e(cm.author)))" }
            s += "</div><pre>"
            for line in l.hunk {
                let cls = line.hasPrefix("+") ? "add" : "del"
                let hit = line.dropFirst().trimmingCharacters(in: .whitespaces) == l.text ? " hit" : ""
                s += "<span class=\"\(cls)\(hit)\">\(e(line))</span>\n"
            }
            s += "</pre></div>"
        }
        for sus in c.suspects ?? [] {
            s += "<p class=\"suspect\">Suspect commit <code>\(e(String(sus.commit.id.prefix(10))))</code> \(e(sus.commit.subject)) (\(e(sus.commit.author))): \(e(sus.reason))</p>"
        }
        if !c.samples.isEmpty {
            s += "<details><summary>\(c.samples.count) sample(s)</summary><pre class=\"samples\">" + c.samples.map(e).joined(separator: "\n") + "</pre></details>"
        }
        return s + "</article>"
    }

    /// Two polylines: baseline (grey) and candidate (colour), records per minute since each
    /// deployment's first record.
    private func chart(_ c: Change) -> String {
        let w = 600.0
        let h = 80.0
        let n = max(c.seriesA.count, c.seriesB.count)
        guard n > 1 else { return "" }
        let top = Double(max(1, (c.seriesA + c.seriesB).max() ?? 1))
        func line(_ xs: [Int], _ cls: String) -> String {
            guard !xs.isEmpty else { return "" }
            let pts = xs.enumerated().map { i, v in String(format: "%.1f,%.1f", Double(i) / Double(n - 1) * w, h - Double(v) / top * (h - 4) - 2) }
            return "<polyline class=\"\(cls)\" points=\"\(pts.joined(separator: " "))\"/>"
        }
        return "<svg class=\"chart\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" width=\"\(Int(w))\" height=\"\(Int(h))\" role=\"img\" aria-label=\"records per minute\">"
            + line(c.seriesA, "a") + line(c.seriesB, "b") + "</svg>"
    }

    private func e(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }

    static let css = """
        body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1b1f24;background:#fafbfc}
        header{padding:16px 24px;color:#fff}header.fail{background:#b42318}header.warn{background:#b54708}header.pass{background:#067647}
        h1{margin:0;font-size:20px}main{padding:8px 24px;max-width:1000px}
        table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:left}tr.fail td{background:#fee4e2}
        article.change{border:1px solid #d0d7de;border-radius:6px;padding:8px 12px;margin:12px 0;background:#fff}
        article.critical{border-left:6px solid #b42318}article.high{border-left:6px solid #d92d20}article.medium{border-left:6px solid #f79009}
        .sev{text-transform:uppercase;font-size:11px;font-weight:700}
        pre{background:#f6f8fa;padding:8px;overflow-x:auto}span.add{color:#067647}span.del{color:#b42318}span.hit{background:#fff3b0;font-weight:700}
        svg.chart polyline{fill:none;stroke-width:2}svg.chart .a{stroke:#98a2b3}svg.chart .b{stroke:#1570ef}
        .note,.suspect{color:#475467}footer{padding:24px;color:#667085}
        """
}
