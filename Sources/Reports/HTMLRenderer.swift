import DeployGate
import Findings
import Foundation
import PatternDiff

/// One self-contained HTML file: no network, no scripts, no external assets. The first screen
/// answers the on-call questions: the verdict, the one change that matters most with its evidence
/// (counts, q, first seen, the statement or the frame, the commit), and the next check. Then the
/// policy, the incidents, and each change: a per-minute chart (inline SVG with axes, units, a
/// legend, the deploy marked, a tooltip per point), the linked statement with the lines around it
/// (the whole hunk folded), a history strip across deployments, and samples. Readable from phone
/// width up: nothing is wider than the page, long text wraps.
public struct HTMLRenderer {
    /// Changes that get a chart (and a history strip); the rest are listed without.
    public static let maxCharts = 12

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
            """
        b += summary(r)
        b += policy(r.gate)
        b += incidents(d)
        if !d.code.available, let reason = d.code.reason { b += "<p class=\"note\">Code links unavailable: \(e(reason))</p>" }
        b += "<section id=\"changes\"><h2>Changes</h2>"
        for (i, c) in d.changes.filter({ $0.kind != .rareAbsent }).enumerated() {
            b += change(c, d, history: r.history, charted: i < Self.maxCharts)
        }
        b += "</section></main><footer>Written by deploydiff; finding by the \(r.finding.routing.tier.rawValue) tier.</footer></body></html>\n"
        return b
    }

    // MARK: First screen

    private func summary(_ r: GateReport) -> String {
        let d = r.diff
        var s = "<section id=\"summary\"><h2>\(e(Elided.text(r.finding.title, limit: 200)))</h2>"
        if let top = d.changes.first(where: { $0.kind != .rareAbsent && !$0.acknowledged }) {
            s += "<div class=\"top \(top.severity.rawValue)\"><p class=\"label\">The change that matters most</p>"
            s += "<p class=\"what\"><span class=\"sev\">\(top.severity.rawValue)</span> \(top.kind.rawValue) <a href=\"#\(e(top.id))\"><code>T\(top.template.id)</code></a> \(top.template.level) "
            s += "<code class=\"tpl\">\(e(Elided.text(top.template.text)))</code></p><dl class=\"evidence\">" + evidence(top, d) + "</dl></div>"
        }
        s += "<p class=\"next\"><b>Next check:</b> \(e(r.finding.nextCheck))</p>"
        s += "<details class=\"narrative\" open><summary>Why</summary><p>\(e(r.finding.narrative))</p>"
        if !r.finding.proposedActions.isEmpty {
            s += "<p><b>Proposed for review (nothing is executed):</b></p><ul>" + r.finding.proposedActions.map { "<li>\(e($0))</li>" }.joined() + "</ul>"
        }
        return s + "</details></section>"
    }

    private func evidence(_ c: Change, _ d: DeployDiff) -> String {
        var s = "<dt>Records</dt><dd>\(c.countA) in \(e(d.baseline.name)) → \(c.countB) in \(e(d.candidate.name))"
        if let r = c.ratio { s += String(format: " (×%.2f)", r) }
        s += String(format: ", q = %.2g", c.qValue) + "</dd>"
        if c.countA == 0, let t = c.firstSeenB { s += "<dt>First seen</dt><dd>\(e(HistoryRenderer.iso(t)))</dd>" }
        if let r = c.recurrence {
            s += "<dt>Came back</dt><dd>\(e(c.detail ?? ""))</dd>"
            if let f = r.fix { s += "<dt>Fix that did not hold</dt><dd><code>\(e(String(f.id.prefix(10))))</code> \(e(f.subject)) (\(e(f.author))) in \(e(r.vanishedIn))</dd>" }
        } else if let trace = c.samples.lazy.compactMap(TraceFingerprint.read).first {
            s += "<dt>Frame</dt><dd><code>\(e(trace.summary))</code></dd>"
        }
        if let l = c.link { s += "<dt>Statement</dt><dd><code>\(e(l.file)):\(l.line)</code> <code>\(e(l.text))</code></dd>" }
        if let cm = c.link?.commit ?? c.suspects?.first?.commit {
            s += "<dt>Commit</dt><dd><code>\(e(String(cm.id.prefix(10))))</code> \(e(cm.subject)) (\(e(cm.author)))</dd>"
        }
        if let detail = c.detail, c.recurrence == nil { s += "<dt>Detail</dt><dd>\(e(detail))</dd>" }
        return s
    }

    private func policy(_ g: GateResult) -> String {
        guard !g.violations.isEmpty else { return "" }
        var s = "<section id=\"rules\"><h2>Policy</h2><table><thead><tr><th>Rule</th><th>Action</th><th>Change</th><th>Measured</th></tr></thead><tbody>"
        for v in g.violations {
            s += "<tr class=\"\(v.action.rawValue)\"><td>\(e(v.rule))</td><td>\(v.action.rawValue)</td><td><a href=\"#\(e(v.change))\">\(e(v.change))</a> <code>\(e(Elided.text(v.template)))</code></td><td>\(e(v.measured))</td></tr>"
        }
        return s + "</tbody></table></section>"
    }

    private func incidents(_ d: DeployDiff) -> String {
        guard !d.incidents.isEmpty else { return "" }
        var s = "<section id=\"incidents\"><h2>Incidents</h2><ol>"
        for i in d.incidents {
            s += "<li class=\"incident\"><b>\(e(i.id)) [\(i.severity.rawValue)]</b>" + (i.kind.map { " <span class=\"kind\">\($0.rawValue)</span>" } ?? "")
                + " \(e(Elided.text(i.title))) — \(i.changes.count) change(s): \(e(i.changes.joined(separator: ", ")))"
                + (i.reasons.isEmpty ? "" : " <small>(\(e(i.reasons.joined(separator: ", "))))</small>") + "</li>"
        }
        return s + "</ol></section>"
    }

    // MARK: Changes

    private func change(_ c: Change, _ d: DeployDiff, history: ServiceHistory?, charted: Bool) -> String {
        var s = "<article class=\"change \(c.severity.rawValue)\" id=\"\(e(c.id))\">"
        s += "<h3><span class=\"sev\">\(c.severity.rawValue)</span> \(c.kind.rawValue) <code>T\(c.template.id)</code> \(c.template.level)</h3>"
        let short = Elided.text(c.template.text)
        s += "<p class=\"template\"><code>\(e(short))</code></p>"
        if short != c.template.text { s += "<details class=\"full\"><summary>Full template</summary><pre>\(e(c.template.text))</pre></details>" }
        s += "<p class=\"counts\">\(c.countA) → \(c.countB) records"
        if let r = c.ratio { s += String(format: " (×%.2f)", r) }
        s += String(format: ", q = %.2g", c.qValue)
        if let cl = c.classification { s += ", <b>\(cl.rawValue)</b>" }
        if c.acknowledged { s += ", acknowledged: \(e(c.acknowledgement ?? ""))" }
        s += "</p>"
        if let detail = c.detail { s += "<p class=\"detail\">\(e(detail))</p>" }
        if charted {
            s += chart(c, d)
            if let t = history?.templates.first(where: { $0.id == c.template.id }) { s += strip(t, history!) }
            if let fixed = c.recurrence?.fixedTemplate, fixed != c.template.id, let t = history?.templates.first(where: { $0.id == fixed }) {
                s += strip(t, history!, note: " (the template whose fix did not hold)")
            }
        }
        if let l = c.link { s += code(l) }
        for sus in c.suspects ?? [] {
            s += "<p class=\"suspect\">Suspect commit <code>\(e(String(sus.commit.id.prefix(10))))</code> \(e(sus.commit.subject)) (\(e(sus.commit.author))): \(e(sus.reason))</p>"
        }
        if !c.samples.isEmpty {
            s += "<details><summary>\(c.samples.count) sample(s)</summary><pre class=\"samples\">" + c.samples.map(e).joined(separator: "\n") + "</pre></details>"
        }
        return s + "</article>"
    }

    /// The statement with the lines around it; the whole hunk folded below.
    private func code(_ l: CodeLink) -> String {
        var s = "<div class=\"code\"><div class=\"where\"><code>\(e(l.file)):\(l.line)</code>"
        if !l.hunkHeader.isEmpty { s += " · <code>\(e(l.hunkHeader))</code>" }
        if let cm = l.commit { s += " · commit <code>\(e(String(cm.id.prefix(10))))</code> \(e(cm.subject)) (\(e(cm.author)))" }
        s += "</div><pre class=\"context\">"
        if let context = l.context, !context.isEmpty {
            let width = String(context.last!.line).count
            for x in context {
                let number = String(repeating: " ", count: width - String(x.line).count) + "\(x.line)"
                s += "<span class=\"\(x.line == l.line ? "hit" : "ctx")\">\(number)  \(e(x.text))</span>"
            }
        } else {
            s += "<span class=\"hit\">\(l.line)  \(e(l.text))</span>"
        }
        s += "</pre>"
        if !l.hunk.isEmpty {
            s += "<details class=\"hunk\"><summary>Whole hunk (\(l.hunk.count) changed line\(l.hunk.count == 1 ? "" : "s"))</summary><pre>"
            for line in l.hunk {
                let cls = line.hasPrefix("+") ? "add" : "del"
                let hit = line.dropFirst().trimmingCharacters(in: .whitespaces) == l.text ? " hit" : ""
                s += "<span class=\"\(cls)\(hit)\">\(e(line))</span>"
            }
            s += "</pre></details>"
        }
        return s + "</div>"
    }

    // MARK: Charts

    /// Records per minute, baseline and candidate aligned by minutes since each deployment's first
    /// record (the deploy at 0). Axes with units, a legend, a tooltip (`<title>`) on every point.
    private func chart(_ c: Change, _ d: DeployDiff) -> String {
        let a = c.seriesA
        let b = c.seriesB
        let n = max(a.count, b.count)
        guard n > 0 else { return "" }
        let (w, h) = (640.0, 220.0)
        let (left, right, top, bottom) = (52.0, 12.0, 28.0, 40.0)
        let plotW = w - left - right
        let plotH = h - top - bottom
        let maxY = Self.niceCeiling(max(1, (a + b).max() ?? 1))
        func x(_ i: Int) -> Double { left + (n == 1 ? plotW / 2 : Double(i) / Double(n - 1) * plotW) }
        func y(_ v: Int) -> Double { top + plotH - Double(v) / Double(maxY) * plotH }
        var s = "<figure class=\"chart\"><svg class=\"chart\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" role=\"img\" aria-label=\"records per minute of T\(c.template.id), \(e(d.baseline.name)) and \(e(d.candidate.name))\">"
        // Grid and y axis: 0, half, max.
        for v in [0, maxY / 2, maxY] {
            s += String(format: "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", left, w - right, y(v), y(v))
            s += String(format: "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%d</text>", left - 6, y(v) + 4, v)
        }
        // X axis: minutes since deploy start.
        let step = Self.niceStep(n)
        for m in stride(from: 0, to: n, by: step) {
            s += String(format: "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>", x(m), top + plotH + 16, m)
        }
        s += String(format: "<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", left, w - right, top + plotH, top + plotH)
        s += String(format: "<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", left, left, top, top + plotH)
        s += String(format: "<text class=\"axis-label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">minutes since deploy start</text>", left + plotW / 2, h - 6)
        s += String(format: "<text class=\"axis-label\" transform=\"translate(14 %.1f) rotate(-90)\" text-anchor=\"middle\">records / min</text>", top + plotH / 2)
        // The deploy: minute 0 of each series.
        s += String(format: "<line class=\"deploy\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", x(0), x(0), top - 4, top + plotH)
        s += String(format: "<text class=\"deploy-label\" x=\"%.1f\" y=\"%.1f\">deploy</text>", x(0) + 4, top + 8)
        for (series, cls, name) in [(a, "a", d.baseline.name), (b, "b", d.candidate.name)] where !series.isEmpty {
            let pts = series.enumerated().map { String(format: "%.1f,%.1f", x($0.offset), y($0.element)) }
            if series.count > 1 { s += "<polyline class=\"\(cls)\" points=\"\(pts.joined(separator: " "))\"/>" }
            for (i, v) in series.enumerated() {
                s += "<circle class=\"\(cls)\"" + String(format: " cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\">", x(i), y(v))
                    + "<title>\(e(name)), minute \(i): \(v) record\(v == 1 ? "" : "s")</title></circle>"
            }
        }
        // Legend.
        s += String(format: "<rect class=\"a\" x=\"%.1f\" y=\"6\" width=\"14\" height=\"4\"/><text class=\"legend\" x=\"%.1f\" y=\"12\">", left, left + 18)
            + "\(e(d.baseline.name)) (baseline)</text>"
        s += String(format: "<rect class=\"b\" x=\"%.1f\" y=\"6\" width=\"14\" height=\"4\"/><text class=\"legend\" x=\"%.1f\" y=\"12\">", left + 250, left + 268)
            + "\(e(d.candidate.name)) (candidate)</text>"

        s += "</svg><figcaption>Records per minute of T\(c.template.id) since each deployment's first record: " + side(c.countA, d.baseline.name, a.count) + ", " + side(c.countB, d.candidate.name, b.count) + ".</figcaption></figure>"
        return s
    }

    private func side(_ count: Int, _ name: String, _ minutes: Int) -> String {
        count == 0 ? "absent from \(e(name))" : "\(count) in \(e(name)) over \(minutes) min"
    }

    /// A template's count in each deployment up to the candidate: bars, empty where it was absent,
    /// the deployments where a diff found it fixed or back marked.
    private func strip(_ t: ServiceHistory.Template, _ h: ServiceHistory, note: String = "") -> String {
        guard t.counts.count > 1 else { return "" }
        let top = max(0.01, t.counts.map(\.perMinute).max() ?? 1)
        var s = "<div class=\"history\"><p class=\"label\">History of T\(t.id) across deployments\(note), records per minute</p><ol class=\"strip\">"
        for c in t.counts {
            let pct = Int((c.perMinute / top * 100).rounded())
            let events = t.events.filter { $0.deployment == c.deployment }.map { $0.kind.rawValue }
            let fixed = t.fixes.contains { $0.vanishedIn == c.deployment }
            let mark = events.contains("recurrence") ? " back" : fixed ? " fixed" : ""
            s += "<li class=\"step\(mark)\" title=\"\(e(c.deployment)): \(c.count) records, \(String(format: "%.2f", c.perMinute))/min\(events.isEmpty ? "" : "; " + e(events.joined(separator: ", ")))\">"
            s += "<span class=\"bars\"><span class=\"bar\" style=\"height:\(max(c.count > 0 ? 4 : 0, pct * 40 / 100))px\"></span></span><span class=\"name\">\(e(c.deployment))</span>"
            s += "<span class=\"n\">\(c.count)</span>" + (mark.isEmpty ? "" : "<span class=\"mark\">\(mark.trimmingCharacters(in: .whitespaces))</span>") + "</li>"
        }
        return s + "</ol></div>"
    }

    static func niceCeiling(_ v: Int) -> Int {
        var m = 1
        while m * 10 < v { m *= 10 }
        for f in [1, 2, 5, 10] where f * m >= v { return f * m }
        return v
    }

    static func niceStep(_ n: Int) -> Int {
        for s in [1, 2, 5, 10, 15, 30, 60] where n / s <= 8 { return s }
        return max(1, n / 8)
    }

    private func e(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }

    static let css = """
        *{box-sizing:border-box}
        body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1b1f24;background:#fafbfc;overflow-wrap:anywhere}
        header{padding:14px 20px;color:#fff}header.fail{background:#b42318}header.warn{background:#b54708}header.pass{background:#067647}
        h1{margin:0;font-size:20px}h2{font-size:18px;margin:14px 0 8px}h3{font-size:15px;margin:4px 0}
        main{padding:4px 20px 20px;max-width:1100px}
        code,pre{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace}
        pre{background:#f6f8fa;padding:8px;white-space:pre-wrap;word-break:break-all;margin:6px 0}
        .top{border:1px solid #d0d7de;border-left:6px solid #f79009;border-radius:6px;background:#fff;padding:8px 14px}
        .top.critical,.top.high{border-left-color:#b42318}
        .label{margin:0;color:#475467;font-size:12px;text-transform:uppercase;letter-spacing:.04em}
        .what{margin:4px 0 6px;font-size:16px}
        dl.evidence{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:4px 0}
        dl.evidence dt{color:#475467}dl.evidence dd{margin:0;min-width:0}
        .next{background:#eff8ff;border:1px solid #b2ddff;border-radius:6px;padding:8px 12px}
        table{border-collapse:collapse;width:100%;table-layout:fixed}td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
        tr.fail td{background:#fee4e2}
        article.change{border:1px solid #d0d7de;border-radius:6px;padding:8px 12px;margin:12px 0;background:#fff}
        article.critical{border-left:6px solid #b42318}article.high{border-left:6px solid #d92d20}article.medium{border-left:6px solid #f79009}
        .sev{text-transform:uppercase;font-size:11px;font-weight:700}.kind{background:#fef0c7;border-radius:4px;padding:0 4px;font-size:12px}
        pre span{display:block;min-height:1.4em}span.add{color:#067647}span.del{color:#b42318}span.hit{background:#fff3b0;font-weight:700}span.ctx{color:#475467}
        .where{color:#475467;font-size:13px}
        figure.chart{margin:8px 0}svg.chart{width:100%;max-width:640px;height:auto;display:block}
        svg.chart polyline{fill:none;stroke-width:2}svg.chart .a{stroke:#98a2b3;fill:#98a2b3}svg.chart .b{stroke:#1570ef;fill:#1570ef}
        svg.chart polyline.a,svg.chart polyline.b{fill:none}
        svg.chart .grid{stroke:#eaecf0}svg.chart .axis{stroke:#667085}svg.chart .deploy{stroke:#b42318;stroke-dasharray:4 3}
        svg.chart text{font-size:12px;fill:#344054}svg.chart .deploy-label{fill:#b42318}
        figcaption{font-size:12px;color:#475467}
        .history{margin:8px 0}ol.strip{display:flex;flex-wrap:wrap;gap:6px;list-style:none;padding:0;margin:4px 0;align-items:flex-end}
        ol.strip li{display:flex;flex-direction:column;align-items:center;min-width:56px;font-size:12px}ol.strip .bars{height:40px;display:flex;align-items:flex-end}
        ol.strip .bar{width:24px;background:#1570ef;border-radius:2px 2px 0 0}ol.strip .back .bar{background:#b42318}
        ol.strip .fixed .name{text-decoration:underline}ol.strip .mark{font-weight:700;color:#b42318}ol.strip .fixed .mark{color:#067647}
        .note,.suspect{color:#475467}footer{padding:20px;color:#667085}
        @media (max-width:600px){main{padding:4px 10px}header{padding:10px}h1{font-size:17px}td,th{padding:3px 4px;font-size:13px}
        dl.evidence{grid-template-columns:1fr}dl.evidence dt{font-weight:600;margin-top:4px}}
        """
}
