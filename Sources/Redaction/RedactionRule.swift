/// One kind of secret the redactor removes before text leaves the machine. The raw value is the
/// label in the replacement, `[REDACTED:aws-key]`, so a reader of the prompt sees what was there.
public enum RedactionRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// `-----BEGIN ... PRIVATE KEY-----` through its END line; without an END line (a truncated
    /// sample), the BEGIN line and the base64 lines that follow it, and nothing else.
    case privateKeyBlock = "private-key"
    /// Three base64url parts, header and payload starting `eyJ` (`{"`).
    case jwt
    /// `scheme://user:password@host`: the credentials go, scheme and host stay for diagnosis.
    case connectionString = "credentials"
    /// `Bearer <token>` (a token with a digit in it), and any `Authorization: Bearer|Basic|Token <value>`.
    case bearerToken = "bearer-token"
    /// AWS access key ids: `AKIA`, `ASIA` and the other documented prefixes, then 16 characters.
    case awsAccessKey = "aws-key"
    /// A 40-character AWS secret after `aws_secret_access_key` and its spellings.
    case awsSecretKey = "aws-secret"
    /// Keys with a well-known prefix: `sk-` (OpenAI, Anthropic), GitHub `ghp_`, Slack `xox?-`,
    /// Google `AIza`, GitLab `glpat-`.
    case knownAPIKey = "api-key"
    /// The value in `key=value`, `key: value` and `"key": "value"` when the key ends in password,
    /// secret, token, api key, access key, private key, credential(s) and their spellings.
    case keyValueSecret = "secret"
    case email
    /// IPv4 addresses. Off by default: they help diagnosis and version strings can look like them.
    case ipAddress = "ip"

    public var label: String { rawValue }

    /// Every rule except IP addresses, in the order they run. Order matters: a connection string's
    /// `pass@host` must go before the email rule sees it, and specific token shapes before the
    /// generic `key=value` rule so the replacement names the precise kind.
    public static let defaults: [RedactionRule] = [
        .privateKeyBlock, .jwt, .connectionString, .bearerToken, .awsAccessKey, .awsSecretKey,
        .knownAPIKey, .keyValueSecret, .email,
    ]

    public var replacement: String { "[REDACTED:\(rawValue)]" }
}
