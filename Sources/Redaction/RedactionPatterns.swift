import Foundation

/// The compiled expressions behind each rule. Compiled once per process: building an
/// NSRegularExpression costs far more than running it.
final class RedactionPatterns: @unchecked Sendable {
    // NSRegularExpression is immutable and documented thread-safe for matching.
    static let shared = RedactionPatterns()

    private let table: [RedactionRule: [NSRegularExpression]]

    private init() {
        var table: [RedactionRule: [NSRegularExpression]] = [:]
        for rule in RedactionRule.allCases {
            table[rule] = RedactionPatterns.sources(for: rule).map { try! NSRegularExpression(pattern: $0) }
        }
        self.table = table
    }

    func expressions(for rule: RedactionRule) -> [NSRegularExpression] { table[rule] ?? [] }

    /// Key names whose values are secret: the key must end with one of these words.
    static let secretKeyWords =
        #"(?:password|passwd|passphrase|pwd|secret|secret[_-]?key|token|api[_-]?key|apikey|access[_-]?key|"#
        + #"private[_-]?key|signing[_-]?key|client[_-]?secret|credentials?)"#

    // Raw strings keep the regular expressions readable; each names its groups by position in the
    // rule's replacement code (Redactor.replacement).
    private static func sources(for rule: RedactionRule) -> [String] {
        switch rule {
        case .privateKeyBlock:
            // Bounded on purpose: the block is the BEGIN line, then either what a key is made of
            // (base64, PEM headers, line breaks, escaped `\n`) up to its END line, or, when there is
            // no END line (a truncated sample), only the base64 lines that follow. It never reaches
            // past other text, so a fence tag or the rest of a prompt after it survives.
            [
                #"-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?:"#
                    + #"[A-Za-z0-9+/=\s:,\\-]{0,16384}?-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----"#
                    + #"|(?:[ \t]*(?:\r?\n|\\r\\n|\\n)[ \t]*(?:[A-Za-z][A-Za-z0-9-]*:[ \t]*[A-Za-z0-9,-]+|[A-Za-z0-9+/=]+)"#
                    + #"|[ \t]+[A-Za-z0-9+/=]{16,})*)"#
            ]
        case .jwt:
            [#"\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*"#]
        case .connectionString:
            // group 1 keeps the scheme; the user part may be empty (redis://:password@host).
            [#"\b([A-Za-z][A-Za-z0-9+.-]*://)[^\s:/?#@]*:[^\s@/?#]+@"#]
        case .bearerToken:
            [
                #"(?i)(\bauthorization["']?\s*[:=]\s*["']?(?:bearer|basic|token)\s+)[^\s"',;]+"#,
                #"(?i)(\bbearer\s+)(?=[A-Za-z0-9._~+/=-]*[0-9])[A-Za-z0-9._~+/-]{8,}=*"#,
            ]
        case .awsAccessKey:
            [#"\b(?:AKIA|ASIA|ABIA|ACCA|AROA|AIDA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{16}\b"#]
        case .awsSecretKey:
            [#"(?i)(aws_?secret_?access_?key|aws_?secret_?key|secret_?access_?key)(["']?\s*[:=]\s*["']?)[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])"#]
        case .knownAPIKey:
            [
                #"\b(?:sk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}"#
                    + #"|xox[abposr]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35}|glpat-[A-Za-z0-9_-]{20,})"#
            ]
        case .keyValueSecret:
            // group 1: the key; group 2: what joins it to the value; group 3: the value, quoted or bare.
            [
                #"(?i)(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]*"# + secretKeyWords + #")(["']?\s*[=:]\s*)"#
                    + #"("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s,;&"'}\]\)]+)"#
            ]
        case .email:
            [#"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])"#]
        case .ipAddress:
            [#"(?<![0-9.])(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(?![0-9.])"#]
        }
    }
}
