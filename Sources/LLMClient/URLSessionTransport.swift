import Dispatch
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `HTTPTransport` over URLSession (FoundationNetworking on Linux).
///
/// URLSession's own `timeoutInterval` is an idle timer that a slowly trickling server can keep
/// resetting, so a watchdog enforces a hard deadline as well: the run never hangs. The body is
/// received piece by piece and the exchange fails as soon as it passes `maxResponseBytes`, so a
/// server streaming without end costs that much memory and no more. Redirects are not followed:
/// credentials and the prompt go to the configured base URL and nowhere else.
public final class URLSessionTransport: HTTPTransport, @unchecked Sendable {
    // URLSession is thread-safe; the class is immutable after init.
    private let session: URLSession
    private let router: ExchangeRouter

    public init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        router = ExchangeRouter()
        session = URLSession(configuration: configuration, delegate: router, delegateQueue: nil)
    }

    deinit { session.invalidateAndCancel() }

    public func send(_ request: HTTPRequest, timeout: Duration, maxResponseBytes: Int) async throws -> HTTPResponse {
        let urlRequest = makeURLRequest(request, timeout: timeout)
        let exchange = PendingExchange(limit: max(0, maxResponseBytes))
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let task = session.dataTask(with: urlRequest)
                router.register(exchange, for: task)
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

    /// What a URLSession error means for the caller. A connection that was open and then went away
    /// without a complete answer (closed, reset, an empty reply) is `connectionLost`, which the
    /// retry policy retries; a connection that could not be made at all is `connectionFailed`.
    static func transportError(_ error: any Error) -> any Error {
        guard let urlError = error as? URLError else {
            return TransportError.connectionFailed(reason: error.localizedDescription)
        }
        switch urlError.code {
        case .timedOut: return TransportError.timedOut
        case .cancelled: return CancellationError()
        case .networkConnectionLost, .badServerResponse, .zeroByteResource, .cannotParseResponse:
            return TransportError.connectionLost(reason: "the connection was closed before a complete answer")
        case .cannotConnectToHost: return TransportError.connectionFailed(reason: "connection refused")
        case .cannotFindHost, .dnsLookupFailed: return TransportError.connectionFailed(reason: "unknown host")
        default: return TransportError.connectionFailed(reason: urlError.localizedDescription)
        }
    }
}

/// The session's delegate: hands each task's events to its exchange.
private final class ExchangeRouter: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let lock = NSLock()
    private var exchanges: [Int: PendingExchange] = [:]

    func register(_ exchange: PendingExchange, for task: URLSessionTask) {
        lock.withLock { exchanges[task.taskIdentifier] = exchange }
    }

    private func exchange(_ task: URLSessionTask, remove: Bool = false) -> PendingExchange? {
        lock.withLock { remove ? exchanges.removeValue(forKey: task.taskIdentifier) : exchanges[task.taskIdentifier] }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        exchange(dataTask)?.receive(response)
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        exchange(dataTask)?.receive(data)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        exchange(task, remove: true)?.complete(response: task.response, error: error)
    }

    /// No redirect is followed. To another origin (scheme, host, port) it would carry the API key
    /// and the prompt where the user never pointed them; within the origin FoundationNetworking
    /// drops a POST's body on the way, so the server would get an empty request. The 3xx ends the
    /// exchange as `redirectRefused`, naming where the server wanted to go.
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
    ) {
        exchange(task)?.refuseRedirect(to: request.url?.absoluteString ?? "an unknown address")
        completionHandler(nil)
    }
}

/// Resumes the continuation exactly once, whichever of answer, watchdog, size cap or cancellation
/// comes first, and cancels the data task when it was not the answer. Collects the body meanwhile.
private final class PendingExchange: @unchecked Sendable {
    private let lock = NSLock()
    private let limit: Int
    private var continuation: CheckedContinuation<HTTPResponse, any Error>?
    private var task: URLSessionDataTask?
    private var early: Result<HTTPResponse, any Error>?
    private var done = false
    private var body = Data()
    private var refusedRedirect: String?

    init(limit: Int) { self.limit = limit }

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

    func receive(_ response: URLResponse) {
        // A server announcing more than the cap is not read at all.
        if response.expectedContentLength > Int64(limit) {
            finish(.failure(TransportError.responseTooLarge(limit: limit)))
        }
    }

    func receive(_ data: Data) {
        lock.lock()
        guard !done else { lock.unlock(); return }
        let over = body.count + data.count > limit
        if !over { body.append(data) }
        lock.unlock()
        if over { finish(.failure(TransportError.responseTooLarge(limit: limit))) }
    }

    func refuseRedirect(to location: String) {
        lock.withLock { refusedRedirect = location }
    }

    func complete(response: URLResponse?, error: (any Error)?) {
        if let error { return finish(.failure(URLSessionTransport.transportError(error))) }
        let (collected, refused) = lock.withLock { (body, refusedRedirect) }
        if let refused { return finish(.failure(TransportError.redirectRefused(location: refused))) }
        guard let http = response as? HTTPURLResponse else {
            return finish(.failure(TransportError.connectionFailed(reason: "no HTTP response")))
        }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            headers[String(describing: key).lowercased()] = String(describing: value)
        }
        finish(.success(HTTPResponse(status: http.statusCode, headers: headers, body: collected)))
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
        body = Data()
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
