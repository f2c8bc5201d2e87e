import Foundation
import PatternDiff
import Redaction

/// `history` as text: one template in detail (a row per deployment: records, rate, level, what
/// each diff found and the commit it linked; then its fixes and whether they held), or many as one
/// table (a count per deployment, first and last seen, fixes).
public enum HistoryRenderer {
    /// At most this many templates are shown in detail; more make a table.
    public static let detailLimit = 3

    public static func render(_ raw: ServiceHistory) -> String {
        let h = raw.mappingText(ControlCharacters.escape)
        var out = "history of service \(h.service): \(h.deployments.count) deployment\(h.deployments.count == 1 ? "" : "s")"
        if let f = h.deployments.first, let l = h.deployments.last { out += ", \(f.name) .. \(l.name)" }
        out += "\n"
        if h.templates.count <= detailLimit {
            for t in h.templates { out += "\n" + detail(t, h) }
        } else {
            out += "\n" + table(h)
        }
        return out
    }

    static func detail(_ t: ServiceHistory.Template, _ h: ServiceHistory) -> String {
        var s = "T\(t.id) \(t.level)  \(t.text)\n"
        s += "first seen " + seen(t.firstSeen) + "; last seen " + seen(t.lastSeen) + "\n"
        var table = TextTable(header: ["DEPLOYMENT", "RECORDS", "PER MIN", "LEVEL", "VERDICT", "WHAT THE DIFF FOUND"])
        for (c, d) in zip(t.counts, h.deployments) {
            let found = t.events.filter { $0.deployment == c.deployment }.map { ($0.template == t.id ? "" : "T\($0.template) ") + event($0) }
                .joined(separator: "; ")
            table.rows.append([c.deployment, "\(c.count)", String(format: "%.2f", c.perMinute), c.level?.description ?? "-", d.verdict ?? "-", found.isEmpty ? "-" : found])
        }
        s += table.rendered
        for c in t.levelChanges { s += "level \(c.from) → \(c.to) in \(c.deployment)\n" }
        for f in t.fixes { s += "fix in \(f.vanishedIn): " + fix(f) + "\n" }
        return s
    }

    static func table(_ h: ServiceHistory) -> String {
        var t = TextTable(header: ["ID", "LEVEL", "FIRST", "LAST", "RECORDS (" + h.deployments.map(\.name).joined(separator: " ") + ")", "FIXES", "TEMPLATE"])
        for x in h.templates {
            let fixes = x.fixes.map { "\($0.vanishedIn): " + ($0.held ? "held" : "back in \($0.backIn ?? "?")") }.joined(separator: ", ")
            t.rows.append([
                "T\(x.id)", x.level.description, x.firstSeen?.deployment ?? "-", x.lastSeen?.deployment ?? "-",
                x.counts.map { $0.count == 0 ? "-" : "\($0.count)" }.joined(separator: " "), fixes.isEmpty ? "-" : fixes, Elided.text(x.text),
            ])
        }
        return t.rendered + "(one template in detail: deploydiff history T<id>)\n"
    }

    static func event(_ e: ServiceHistory.Event) -> String {
        var s = "\(e.kind.rawValue) vs \(e.baseline)" + (e.classification.map { ", \($0)" } ?? "")
        if let c = e.commit { s += ", commit \(String(c.prefix(10))) '\(e.commitSubject ?? "")'" }
        return s
    }

    static func fix(_ f: ServiceHistory.Fix) -> String {
        var s = f.commit.map { "\(String($0.prefix(10))) '\(f.commitSubject ?? "")'" } ?? f.statement.map { "statement \($0) removed" } ?? "fix"
        s += f.held ? ": held so far" : ": did not hold, back in \(f.backIn ?? "?")" + (f.backAs.map { " as T\($0)" } ?? "")
        return s
    }

    private static func seen(_ s: ServiceHistory.Seen?) -> String {
        guard let s else { return "never" }
        return s.deployment + (s.timestamp.map { " " + iso($0) } ?? "")
    }

    static func iso(_ ms: Int64) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
    }
}

extension ServiceHistory {
    /// Every string that came from logs, code or commits, through `f` (redaction, escaping).
    public func mappingText(_ f: (String) -> String) -> ServiceHistory {
        var h = self
        h.service = f(service)
        h.deployments = deployments.map { d in
            var d = d
            d.name = f(d.name)
            return d
        }
        h.templates = templates.map { t in
            var t = t
            t.text = f(t.text)
            t.counts = t.counts.map { c in
                var c = c
                c.deployment = f(c.deployment)
                return c
            }
            if let d = t.firstSeen?.deployment { t.firstSeen?.deployment = f(d) }
            if let d = t.lastSeen?.deployment { t.lastSeen?.deployment = f(d) }
            t.levelChanges = t.levelChanges.map { c in
                var c = c
                c.deployment = f(c.deployment)
                return c
            }
            t.events = t.events.map { e in
                var e = e
                e.deployment = f(e.deployment)
                e.baseline = f(e.baseline)
                e.commitSubject = e.commitSubject.map(f)
                e.statement = e.statement.map(f)
                e.detail = e.detail.map(f)
                return e
            }
            t.fixes = t.fixes.map { x in
                var x = x
                x.vanishedIn = f(x.vanishedIn)
                x.commitSubject = x.commitSubject.map(f)
                x.statement = x.statement.map(f)
                x.backIn = x.backIn.map(f)
                return x
            }
            return t
        }
        return h
    }
}
