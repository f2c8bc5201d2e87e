import Dispatch
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `HTTPTransport` over URLSession (FoundationNetworking on Linux).
///
/// URLSession's own `timeoutInterval` is an idle timer that a slowly trickling server can keep
/// resetting, so a watchdog enforces a hard deadline as well: the run never hangs.
public final class URLSessionTransport: HTTPTransport, @unchecked Sendable {
    // URLSession is thread-safe; the class is immutable after init.
    private let session: URLSession

    public init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        session = URLSession(configuration: configuration)
    }

    deinit { session.invalidateAndCancel() }

    public func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
        let urlRequest = makeURLRequest(request, timeout: timeout)
        let exchange = PendingExchange()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let task = session.dataTask(with: urlRequest) { data, response, error in
                    exchange.finish(URLSessionTransport.outcome(data: data, response: response, error: error))
                }
                exchange.start(continuation, task: task)
                DispatchQueue.global().asyncAfter(deadline: .now() + timeout.seconds) {
                    exchange.finish(.failure(TransportError.timedOut))
                }
            }
        } onCancel: {
            exchange.finish(.failure(CancellationError()))
        }
    }

    private func makeURLRequest(_ request: HTTPRequest, timeout: Duration) -> URLRequest {
        var r = URLRequest(url: request.url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout.seconds)
        r.httpMethod = request.method
        for (name, value) in request.headers { r.setValue(value, forHTTPHeaderField: name) }
        if !request.body.isEmpty { r.httpBody = request.body }
        return r
    }

    private static func outcome(data: Data?, response: URLResponse?, error: (any Error)?) -> Result<HTTPResponse, any Error> {
        if let error { return .failure(transportError(error)) }
        guard let http = response as? HTTPURLResponse else {
            return .failure(TransportError.connectionFailed(reason: "no HTTP response"))
        }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            headers[String(describing: key).lowercased()] = String(describing: value)
        }
        return .success(HTTPResponse(status: http.statusCode, headers: headers, body: data ?? Data()))
    }

    private static func transportError(_ error: any Error) -> any Error {
        guard let urlError = error as? URLError else {
            return TransportError.connectionFailed(reason: error.localizedDescription)
        }
        switch urlError.code {
        case .timedOut: return TransportError.timedOut
        case .cancelled: return CancellationError()
        case .networkConnectionLost: return TransportError.connectionLost(reason: "the connection was closed mid-request")
        case .cannotConnectToHost: return TransportError.connectionFailed(reason: "connection refused")
        case .cannotFindHost, .dnsLookupFailed: return TransportError.connectionFailed(reason: "unknown host")
        default: return TransportError.connectionFailed(reason: urlError.localizedDescription)
        }
    }
}

/// Resumes the continuation exactly once, whichever of answer, watchdog or cancellation comes first,
/// and cancels the data task when it was not the answer.
private final class PendingExchange: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<HTTPResponse, any Error>?
    private var task: URLSessionDataTask?
    private var early: Result<HTTPResponse, any Error>?
    private var done = false

    func start(_ continuation: CheckedContinuation<HTTPResponse, any Error>, task: URLSessionDataTask) {
        lock.lock()
        if let early {
            // Cancelled before the task existed: never start it.
            done = true
            lock.unlock()
            continuation.resume(with: early)
            return
        }
        self.continuation = continuation
        self.task = task
        lock.unlock()
        task.resume()
    }

    func finish(_ result: Result<HTTPResponse, any Error>) {
        lock.lock()
        guard !done else { lock.unlock(); return }
        guard let continuation else {
            if early == nil { early = result }
            lock.unlock()
            return
        }
        done = true
        self.continuation = nil
        let task = self.task
        self.task = nil
        lock.unlock()
        if case .failure = result { task?.cancel() }
        continuation.resume(with: result)
    }
}

extension Duration {
    /// Seconds as a Double, for Foundation and Dispatch APIs.
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}
