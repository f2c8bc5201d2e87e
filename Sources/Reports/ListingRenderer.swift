import Foundation
import PatternDiff
import PatternStore

/// `deploys` and `templates` as text tables with a header row (their JSON is
/// `JSONOutput.document` of the same values).
public enum ListingRenderer {
    public static func deployments(_ list: [DeploymentInfo]) -> String {
        var t = TextTable(header: ["SERVICE", "DEPLOYMENT", "RECORDS", "FIRST .. LAST RECORD", "COMMIT", "VERDICT", "CHANGES"])
        for d in list {
            let range = [isoTime(d.firstTimestamp), isoTime(d.lastTimestamp)].compactMap { $0 }.joined(separator: " .. ")
            t.rows.append([
                d.service, d.name, "\(d.records)", range.isEmpty ? "-" : range, d.commit.map { String($0.prefix(12)) } ?? "-",
                d.review.map(verdict) ?? "-", d.review.map(changes) ?? "-",
            ])
        }
        return t.rendered
    }

    public static func templates(_ stats: [TemplateStat]) -> String {
        var t = TextTable(header: ["COUNT", "ID", "LEVEL", "TEMPLATE"])
        for s in stats { t.rows.append(["\(s.count)", "T\(s.id)", "\(s.maxLevel)", Elided.text(s.text)]) }
        return t.rendered
    }

    /// `regression (gate fail) vs v1.1.0`.
    static func verdict(_ r: DeploymentReview) -> String {
        r.verdict + (r.gate.map { " (gate \($0))" } ?? "") + " vs \(r.baseline)"
    }

    /// `2 new, 1 vanished; top: new T15`.
    static func changes(_ r: DeploymentReview) -> String {
        let kinds = r.changes.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        return (kinds.isEmpty ? "none" : kinds) + (r.top.map { "; top: \($0)" } ?? "")
    }

    /// Milliseconds since the epoch as ISO-8601 UTC.
    static func isoTime(_ ms: Int64?) -> String? {
        guard let ms else { return nil }
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
    }
}
