/// Sends one HTTP request and returns the complete answer, whatever its status. Transports know
/// nothing of retries or providers; they only guarantee to return or throw within `timeout`, to
/// read no more than `maxResponseBytes` of body, and never to send the request's credentials to
/// another origin than the request's.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest, timeout: Duration, maxResponseBytes: Int) async throws -> HTTPResponse
}

/// How a transport fails without an HTTP answer.
public enum TransportError: Error, Sendable, Hashable {
    case timedOut
    case connectionFailed(reason: String)
    /// The connection dropped mid-request (closed, reset, an empty reply); worth a retry.
    case connectionLost(reason: String)
    /// The body passed the configured cap; the transfer was stopped there.
    case responseTooLarge(limit: Int)
    /// The server redirected (3xx with a Location); not followed.
    case redirectRefused(location: String)
}
