import Foundation

/// Removes secrets from text before it is sent to a model: deterministic (the same input always
/// gives the same output, so prompts stay cacheable) and idempotent (redacting twice changes nothing).
///
/// Each rule first checks for a cheap literal marker and skips its expressions when the text cannot
/// match, which keeps the common case of an ordinary log line fast.
public struct Redactor: Sendable, Hashable {
    public var rules: [RedactionRule]

    public init(rules: [RedactionRule] = RedactionRule.defaults) {
        self.rules = rules
    }

    /// The default rules, plus IPv4 addresses when asked for.
    public init(redactIPAddresses: Bool) {
        self.init(rules: RedactionRule.defaults + (redactIPAddresses ? [.ipAddress] : []))
    }

    public func redact(_ text: String) -> String {
        scan(text).text
    }

    /// The redacted text and how many replacements each rule made.
    public func scan(_ text: String) -> (text: String, counts: [RedactionRule: Int]) {
        var current = text
        var counts: [RedactionRule: Int] = [:]
        for rule in rules where Redactor.mightMatch(rule, current) {
            for expression in RedactionPatterns.shared.expressions(for: rule) {
                let (replaced, n) = Redactor.replace(expression, in: current) { Redactor.replacement(rule, $0) }
                current = replaced
                if n > 0 { counts[rule, default: 0] += n }
            }
        }
        return (current, counts)
    }

    /// A literal every match of the rule contains; false means the rule cannot match.
    private static func mightMatch(_ rule: RedactionRule, _ text: String) -> Bool {
        switch rule {
        case .privateKeyBlock: text.contains("PRIVATE KEY")
        case .jwt: text.contains("eyJ")
        case .connectionString: text.contains("://") && text.contains("@")
        case .bearerToken: text.range(of: "bearer", options: .caseInsensitive) != nil
            || text.range(of: "authorization", options: .caseInsensitive) != nil
        case .awsAccessKey: text.contains("A")
        case .awsSecretKey: text.range(of: "secret", options: .caseInsensitive) != nil
        case .knownAPIKey: ["sk-", "gh", "github_pat_", "xox", "AIza", "glpat-"].contains { text.contains($0) }
        case .keyValueSecret: text.contains("=") || text.contains(":")
        case .email: text.contains("@")
        case .ipAddress: text.contains(".")
        }
    }

    /// The text to put in place of one match, or nil to leave it (already redacted, or a value that
    /// is plainly not a secret such as `true` or `null`).
    private static func replacement(_ rule: RedactionRule, _ match: Match) -> String? {
        switch rule {
        case .connectionString:
            return match.group(1) + rule.replacement + "@"
        case .bearerToken, .awsSecretKey:
            return match.group(1) + match.group(2) + rule.replacement
        case .keyValueSecret:
            let value = match.group(3)
            let bare = value.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            if bare.isEmpty || bare.hasPrefix("[REDACTED") || placeholders.contains(bare.lowercased()) { return nil }
            let quote = value.first == "\"" ? "\"" : value.first == "'" ? "'" : ""
            return match.group(1) + match.group(2) + quote + rule.replacement + quote
        default:
            return rule.replacement
        }
    }

    private static let placeholders: Set<String> = ["true", "false", "null", "none", "nil", "***", "<redacted>", "redacted"]

    struct Match {
        let result: NSTextCheckingResult
        let source: NSString

        func group(_ i: Int) -> String {
            guard i < result.numberOfRanges else { return "" }
            let range = result.range(at: i)
            return range.location == NSNotFound ? "" : source.substring(with: range)
        }
    }

    private static func replace(
        _ expression: NSRegularExpression, in text: String, with make: (Match) -> String?
    ) -> (String, Int) {
        let source = text as NSString
        let matches = expression.matches(in: text, range: NSRange(location: 0, length: source.length))
        guard !matches.isEmpty else { return (text, 0) }
        var out = ""
        var cursor = 0
        var count = 0
        for result in matches {
            guard let replacement = make(Match(result: result, source: source)) else { continue }
            out += source.substring(with: NSRange(location: cursor, length: result.range.location - cursor))
            out += replacement
            cursor = result.range.location + result.range.length
            count += 1
        }
        out += source.substring(from: cursor)
        return (out, count)
    }
}
