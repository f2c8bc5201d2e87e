/// One template under construction: per position, the token's hash and whether it is a variable,
/// plus the text of the message that created it (copied once, at creation) for rendering.
final class Cluster {
    let id: Int
    let leafKey: LeafKey
    var hashes: [UInt64]
    var isVariable: [Bool]
    /// Token texts of the first message; variable positions render as `<*>`.
    var tokens: [String]
    /// Delimiters before each token, and after the last (count + 1 entries).
    var separators: [String]
    var count: Int
    /// The id this cluster was merged into, if any.
    var mergedInto: Int?
    /// The template this one is a near miss of, if it was created as one.
    var root: Int?
    /// Near misses of this template, absorbed when it generalises.
    var siblings: [Int] = []
    /// Per constant position, distinct token hashes seen there among near misses (bounded by
    /// `minDistinctValues`): the evidence for making the position a variable.
    var values: [Int32: [UInt64]] = [:]
    /// Records placed here since this miner was made or restored (not stored): how many times the
    /// constant of a position that turns variable was seen, so its values can be reported.
    var sessionCount = 0

    init(id: Int, leafKey: LeafKey, hashes: [UInt64], isVariable: [Bool], tokens: [String], separators: [String], count: Int) {
        self.id = id
        self.leafKey = leafKey
        self.hashes = hashes
        self.isVariable = isVariable
        self.tokens = tokens
        self.separators = separators
        self.count = count
    }

    var text: String { TemplateText.render(tokens: tokens, separators: separators, variable: isVariable) }

    /// Hash of the constant positions, the key of this cluster in its leaf's mask table.
    func constantHash(at positions: [Int32]) -> UInt64 {
        var h: UInt64 = 0x51_7cc1_b727_220a
        for p in positions { h = TokenHash.mix(h, hashes[Int(p)]) }
        return h
    }
}

/// Rendering of a template's text from its tokens.
enum TemplateText {
    /// Adjacent variables with nothing between them collapse into one `<*>`, as the loghub ground
    /// truth writes one `<*>` per variable span.
    static func render(tokens: [String], separators: [String], variable: [Bool]) -> String {
        var out = separators.first ?? ""
        for i in 0..<tokens.count {
            if i > 0 { out += separators[i] }
            if variable[i] {
                if !(i > 0 && variable[i - 1] && separators[i].isEmpty) { out += "<*>" }
            } else {
                out += tokens[i]
            }
        }
        return out + (separators.count > tokens.count ? separators[tokens.count] : "")
    }
}
