/// When and how long to wait between attempts. The number of attempts is `ProviderConfig.maxAttempts`;
/// this holds the backoff shape and the two things tests replace: the random source and the sleeper.
public struct RetryPolicy: Sendable {
    /// The first backoff; each later one doubles, up to `maxDelay`.
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// A server asking to wait longer than this is not waited for: the call fails at once with the
    /// server's error instead of blocking the run.
    public var maxRetryAfter: Duration
    /// Whether a request that timed out is sent again (within `ProviderConfig.maxAttempts`). A
    /// call then lasts at most `maxAttempts` times the timeout, plus the waits.
    public var retryTimeouts: Bool
    /// Returns a value in `0..<1`.
    public var random: @Sendable () -> Double
    public var sleep: @Sendable (Duration) async throws -> Void

    public init(
        baseDelay: Duration = .milliseconds(500),
        maxDelay: Duration = .seconds(20),
        maxRetryAfter: Duration = .seconds(60),
        retryTimeouts: Bool = true,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.retryTimeouts = retryTimeouts
        self.random = random
        self.sleep = sleep
    }

    public static let standard = RetryPolicy()

    /// Statuses that say "try again": timeout, conflict, rate limit, server errors, Anthropic's 529
    /// overloaded. 401/403/404 and other 4xx are the caller's to fix and are never retried.
    public static func isRetryable(status: Int) -> Bool {
        status == 408 || status == 409 || status == 429 || (500...599).contains(status)
    }

    /// Failures without an answer that say "try again": a connection dropped mid-request (closed,
    /// reset, an empty reply) and, when `retryTimeouts`, a timeout. A refused connection, an unknown
    /// host, an oversized answer and a refused redirect will not change on their own.
    public func isRetryable(_ error: TransportError) -> Bool {
        switch error {
        case .connectionLost: true
        case .timedOut: retryTimeouts
        case .connectionFailed, .responseTooLarge, .redirectRefused: false
        }
    }

    /// The wait before retry number `retry` (1 for the first retry). A server's `retry-after` is
    /// honoured exactly; otherwise exponential backoff with "equal jitter": half fixed, half random,
    /// so that clients that failed together do not retry together.
    public func delay(beforeRetry retry: Int, retryAfter: Duration?) -> Duration {
        if let retryAfter { return retryAfter }
        let exponent = min(max(retry - 1, 0), 30)
        let ceiling = min(baseDelay * (1 << exponent), maxDelay)
        let jitter = min(max(random(), 0), 1)
        return ceiling / 2 + (ceiling / 2) * jitter
    }
}
