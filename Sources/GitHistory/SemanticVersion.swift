/// A version read from a tag name: an optional non-numeric prefix ("v", "release-"), one to three
/// numeric parts, an optional pre-release and an optional build, after semver.org 2.0.
/// "v1.10.0" orders after "v1.9.0", and "v2.0.0-rc.1" before "v2.0.0".
public struct SemanticVersion: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let prefix: String
    public let major: Int
    public let minor: Int
    public let patch: Int
    public let preRelease: [String]
    public let build: String?

    /// Nil when the name does not read as a version (e.g. "latest", "deploy-prod").
    public init?(tagName name: String) {
        let s = Substring(name)
        let digitStart = s.firstIndex(where: \.isASCIIDigit) ?? s.endIndex
        let prefix = s[..<digitStart]
        guard digitStart < s.endIndex, prefix.count <= 32 else { return nil }
        var rest = s[digitStart...]
        var build: String?
        if let plus = rest.firstIndex(of: "+") {
            build = String(rest[rest.index(after: plus)...])
            rest = rest[..<plus]
            guard let b = build, Self.areIdentifiers(b.split(separator: ".", omittingEmptySubsequences: false)) else { return nil }
        }
        var pre: [String] = []
        if let dash = rest.firstIndex(of: "-") {
            let tail = rest[rest.index(after: dash)...]
            pre = tail.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            rest = rest[..<dash]
            guard Self.areIdentifiers(pre[...]) else { return nil }
        }
        let core = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...3).contains(core.count) else { return nil }
        var numbers: [Int] = []
        for part in core {
            guard !part.isEmpty, part.allSatisfy(\.isASCIIDigit), let n = Int(part) else { return nil }
            numbers.append(n)
        }
        while numbers.count < 3 { numbers.append(0) }
        self.prefix = String(prefix)
        (major, minor, patch) = (numbers[0], numbers[1], numbers[2])
        preRelease = pre
        self.build = build
    }

    public var description: String {
        var s = "\(prefix)\(major).\(minor).\(patch)"
        if !preRelease.isEmpty { s += "-" + preRelease.joined(separator: ".") }
        if let build { s += "+" + build }
        return s
    }

    /// Semver precedence; versions of equal precedence order by prefix and build so the order is
    /// total and agrees with `==`.
    public static func < (a: SemanticVersion, b: SemanticVersion) -> Bool {
        if let p = precedence(a, b) { return p }
        if a.prefix != b.prefix { return a.prefix < b.prefix }
        return (a.build ?? "") < (b.build ?? "")
    }

    /// Nil when the two have the same precedence.
    static func precedence(_ a: SemanticVersion, _ b: SemanticVersion) -> Bool? {
        if (a.major, a.minor, a.patch) != (b.major, b.minor, b.patch) {
            return (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch)
        }
        // A release has higher precedence than any of its pre-releases.
        switch (a.preRelease.isEmpty, b.preRelease.isEmpty) {
        case (true, true): return nil
        case (true, false): return false
        case (false, true): return true
        case (false, false): break
        }
        for (x, y) in zip(a.preRelease, b.preRelease) where x != y {
            return identifierPrecedes(x, y)
        }
        return a.preRelease.count == b.preRelease.count ? nil : a.preRelease.count < b.preRelease.count
    }

    /// Numeric identifiers compare as numbers and before alphanumeric ones, which compare in ASCII order.
    private static func identifierPrecedes(_ x: String, _ y: String) -> Bool {
        switch (Int(x), Int(y)) {
        case let (i?, j?): return i < j
        case (_?, nil): return true
        case (nil, _?): return false
        case (nil, nil): return Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8))
        }
    }

    /// Dot-separated identifiers: non-empty, ASCII letters, digits and hyphens.
    private static func areIdentifiers<S: StringProtocol>(_ parts: ArraySlice<S>) -> Bool {
        parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { c in c.isASCII && (c.isLetter || c.isNumber || c == "-") } }
    }

    private static func areIdentifiers<S: StringProtocol>(_ parts: [S]) -> Bool { areIdentifiers(parts[...]) }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
