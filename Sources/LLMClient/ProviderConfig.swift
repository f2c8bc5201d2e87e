import Foundation
import Redaction

/// Where and how to reach one provider. Built by `resolve`, which takes the environment as a
/// parameter: libraries never read it themselves.
///
/// The key never appears in `description`, `debugDescription` or `dump` output.
public struct ProviderConfig: Sendable, Hashable {
    public var baseURL: URL
    public var apiKey: String?
    /// Per HTTP request; a request with no complete answer by then fails with `.timeout`.
    public var timeout: Duration
    /// HTTP requests per call at most, the first included (so 1 means no retry).
    public var maxAttempts: Int
    /// The most bytes of body read from one answer; past it the request fails with
    /// `.responseTooLarge` (a finding is a few KiB; this only stops a runaway server).
    public var maxResponseBytes: Int

    public static let defaultTimeout: Duration = .seconds(60)
    public static let defaultMaxAttempts = 4
    public static let defaultMaxResponseBytes = 4 << 20

    public init(
        baseURL: URL, apiKey: String? = nil, timeout: Duration = defaultTimeout, maxAttempts: Int = defaultMaxAttempts,
        maxResponseBytes: Int = defaultMaxResponseBytes
    ) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.timeout = timeout
        self.maxAttempts = max(1, maxAttempts)
        self.maxResponseBytes = max(1, maxResponseBytes)
    }

    /// Values from a configuration file or flags; each one set wins over the environment.
    /// There is deliberately no key here: keys come from the environment only.
    public struct Overrides: Sendable, Hashable {
        public var baseURL: String?
        public var timeout: Duration?
        public var maxAttempts: Int?
        public var maxResponseBytes: Int?

        public init(baseURL: String? = nil, timeout: Duration? = nil, maxAttempts: Int? = nil, maxResponseBytes: Int? = nil) {
            self.baseURL = baseURL
            self.timeout = timeout
            self.maxAttempts = maxAttempts
            self.maxResponseBytes = maxResponseBytes
        }
    }

    /// Base URL: override, then `ANTHROPIC_BASE_URL` / `OPENAI_BASE_URL`, then the public endpoint.
    /// Key: `ANTHROPIC_API_KEY` / `OPENAI_API_KEY`; required only for the public endpoints, since a
    /// local server or a proxy usually needs none.
    public static func resolve(
        spec: ModelSpec, environment: [String: String], overrides: Overrides = Overrides()
    ) throws -> ProviderConfig {
        let provider = spec.provider
        let baseURL = try resolveBaseURL(provider: provider, environment: environment, override: overrides.baseURL)
        let key = nonEmpty(environment[provider.apiKeyVariable])
        if key == nil, isPublicEndpoint(baseURL, of: provider) {
            throw LLMClientError.missingAPIKey(provider: provider)
        }
        return ProviderConfig(
            baseURL: baseURL, apiKey: key,
            timeout: overrides.timeout ?? defaultTimeout,
            maxAttempts: overrides.maxAttempts ?? defaultMaxAttempts,
            maxResponseBytes: overrides.maxResponseBytes ?? defaultMaxResponseBytes)
    }

    private static func resolveBaseURL(provider: ProviderKind, environment: [String: String], override: String?) throws -> URL {
        let (variable, raw): (String, String?) =
            if let o = nonEmpty(override) { ("the configured base URL", o) }
            else { (provider.baseURLVariable, nonEmpty(environment[provider.baseURLVariable])) }
        guard let raw else { return provider.defaultBaseURL }
        return try normalise(raw, variable: variable)
    }

    /// Accepts `http(s)://host[:port][/path]`; drops trailing slashes so paths join cleanly.
    static func normalise(_ raw: String, variable: String) throws -> URL {
        var text = raw
        while text.hasSuffix("/") { text.removeLast() }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", url.host != nil
        else {
            throw LLMClientError.badBaseURL(variable: variable, value: Redactor().redact(raw))
        }
        return url
    }

    private static func isPublicEndpoint(_ url: URL, of provider: ProviderKind) -> Bool {
        url.host?.lowercased() == provider.defaultBaseURL.host
    }

    private static func nonEmpty(_ value: String?) -> String? {
        // Keys pasted from files often end in a newline, which would corrupt the header.
        guard let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }
}

extension ProviderConfig: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "ProviderConfig(baseURL: \(baseURL.absoluteString), apiKey: \(apiKey == nil ? "unset" : "set"), timeout: \(timeout), maxAttempts: \(maxAttempts), maxResponseBytes: \(maxResponseBytes))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: [
            "baseURL": baseURL.absoluteString, "apiKey": apiKey == nil ? "unset" : "set",
            "timeout": timeout, "maxAttempts": maxAttempts, "maxResponseBytes": maxResponseBytes,
        ])
    }
}
