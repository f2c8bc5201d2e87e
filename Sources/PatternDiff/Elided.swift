/// Long text in reports: a template of several hundred characters is cut at a word near `limit`
/// and ends in `…`; its id says where the full text is (`deploydiff history T12`, the JSON).
public enum Elided {
    public static let limit = 120

    public static func text(_ s: String, limit: Int = Elided.limit) -> String {
        let flat = s.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? s
        guard flat.count > limit || flat.count != s.count else { return s }
        guard flat.count > limit else { return flat + " …" }
        let cut = flat.prefix(limit)
        // Back to the last space when one is near, so a word is not split.
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) > limit * 3 / 4 {
            return String(cut[..<space]) + " …"
        }
        return String(cut) + "…"
    }

    /// `T12 text…`: the id first, so the elided text can always be looked up.
    public static func template(_ id: Int, _ s: String, limit: Int = Elided.limit) -> String { "T\(id) \(text(s, limit: limit))" }

    /// The text as it is when short; `T12 text…` when cut.
    public static func template(_ id: Int, _ s: String, whenLong: Bool) -> String {
        let short = text(s)
        return short == s ? s : "T\(id) \(short)"
    }
}
