/// Sends one HTTP request and returns the complete answer, whatever its status. Transports know
/// nothing of retries or providers; they only guarantee to return or throw within `timeout`.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse
}

/// How a transport fails without an HTTP answer.
public enum TransportError: Error, Sendable, Hashable {
    case timedOut
    case connectionFailed(reason: String)
    /// The connection dropped mid-request; worth a retry.
    case connectionLost(reason: String)
}
