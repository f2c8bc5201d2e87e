import Foundation
import PatternStore

/// `deploys` and `templates` as text (their JSON is `JSONOutput.document` of the same values).
public enum ListingRenderer {
    public static func deployments(_ list: [DeploymentInfo]) -> String {
        list.map { d in
            let range = [isoTime(d.firstTimestamp), isoTime(d.lastTimestamp)].compactMap { $0 }.joined(separator: " .. ")
            return "\(d.service)\t\(d.name)\t\(d.records) records\t\(range.isEmpty ? "-" : range)\t\(d.commit ?? "-")\n"
        }.joined()
    }

    public static func templates(_ stats: [TemplateStat]) -> String {
        stats.map { "\($0.count)\tT\($0.id)\t\($0.maxLevel)\t\($0.text)\n" }.joined()
    }

    /// Milliseconds since the epoch as ISO-8601 UTC.
    static func isoTime(_ ms: Int64?) -> String? {
        guard let ms else { return nil }
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
    }
}
