import Foundation
import Ingestion

/// `index`'s report for people: per input, per deployment with a schedule, the totals.
public enum IndexRenderer {
    /// The message for an input that was not indexed (nil when it was).
    public static func problem(_ o: InputOutcome) -> (message: String, unmatched: Bool)? {
        switch o.status {
        case .failed(let message): (message, false)
        case .unmatchedHeader(let c): ("\(o.path): \(c.summary); nothing indexed from it", true)
        case .indexed, .unchanged: nil
        }
    }

    /// - Parameter deployment: the deployment's name, nil when a schedule split the records.
    public static func summary(_ r: IndexReport, deployment: String?, seconds: Double, verbose: Bool) -> String {
        var out = ""
        for o in r.outcomes {
            let format = verbose ? o.detectedFormat.map { " [format: \($0)]" } ?? "" : ""
            switch o.status {
            case .indexed(let n, let from): out += "\(o.path): \(n) records" + (from > 0 ? " (new tail from byte \(from))" : "") + format + "\n"
            case .unchanged: out += "\(o.path): already indexed, nothing new\n"
            case .failed, .unmatchedHeader: break
            }
        }
        let rate = seconds > 0 ? Int(Double(r.stats.records) / seconds) : 0
        for (name, n) in r.recordsByDeployment.sorted(by: { $0.key < $1.key }) where deployment == nil { out += "  \(name): \(n) records\n" }
        if r.unscheduled > 0 { out += "  \(r.unscheduled) records before the first deploy or without a time: skipped\n" }
        out += "\(deployment ?? "by tags"): \(r.stats.records) records, \(r.templatesAfter) templates (\(r.templatesAfter - r.templatesBefore) new) in \(String(format: "%.2f", seconds)) s (\(rate) records/s)\n"
        if verbose { out += String(format: "store: %.2f s writing, miner waited %.2f s\n", r.writeSeconds, r.waitSeconds) }
        let skipped = r.limits.counts.sorted { $0.key < $1.key }
        if !skipped.isEmpty { out += "skipped or cut: " + skipped.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ") + "\n" }
        return out
    }

    /// The progress line: records, records/s, bytes, ETA.
    public static func progress(_ p: IndexProgress, seconds t: Double) -> String {
        var line = "\(p.input): \(p.records) records, \(Int(Double(p.records) / t)) records/s, \(p.bytesRead >> 20) MiB"
        if let total = p.totalBytes, total > 0, p.bytesRead > 0 {
            line += " of \(total >> 20) MiB, ETA \(Int(t * Double(total - p.bytesRead) / Double(p.bytesRead))) s"
        }
        return line
    }
}
