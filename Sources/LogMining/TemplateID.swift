/// A template's id: issued once, never reused, stable across runs when the miner's state is kept.
public struct TemplateID: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: Int
    public init(_ rawValue: Int) { self.rawValue = rawValue }
    public static func < (a: TemplateID, b: TemplateID) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "T\(rawValue)" }

    public init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(Int.self) }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

/// A mined template as a consumer sees it.
public struct Template: Sendable, Equatable, Codable {
    public let id: TemplateID
    /// The template text, `<*>` where a variable stands.
    public let text: String
    public let tokenCount: Int
    /// Records mined into this template (including templates merged into it).
    public let count: Int
}
