import PatternDiff
import PatternStore
import Redaction
import Reports

/// `history`: which service, which templates, since when.
public struct HistoryRequest: Sendable {
    /// `30d`, `12h`, `2w`, `90m` in seconds; nil for anything else.
    public static func lookback(_ s: String) -> Double? {
        let units: [Character: Double] = ["m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        guard let unit = s.last.flatMap({ units[$0] }), let n = Double(s.dropLast()), n >= 0 else { return nil }
        return n * unit
    }

    public var store: StoreLocation
    public var service: String
    /// `T12` or `12` for one template, else a glob on the template text (`*timeout*`); nil: all.
    public var template: String?
    /// Only deployments whose first record is at or after this time (milliseconds since the epoch).
    public var since: Int64?
    public var redact: Bool

    public init(store: StoreLocation, service: String, template: String?, since: Int64?, redact: Bool) {
        self.store = store
        self.service = service
        self.template = template
        self.since = since
        self.redact = redact
    }
}

public enum HistoryRun {
    public static func run(_ r: HistoryRequest) throws -> ServiceHistory {
        let store = try r.store.open(.read)
        let h = try HistoryBuilder.build(store: store, service: r.service, selection: selection(r.template), since: r.since)
        return r.redact ? h.mappingText(Redactor().redact) : h
    }

    static func selection(_ spec: String?) -> HistoryBuilder.Selection {
        guard let spec else { return .all }
        let digits = spec.hasPrefix("T") || spec.hasPrefix("t") ? String(spec.dropFirst()) : spec
        if let id = Int(digits) { return .template(id) }
        return .matching(spec.contains("*") || spec.contains("?") ? spec : "*\(spec)*")
    }
}
