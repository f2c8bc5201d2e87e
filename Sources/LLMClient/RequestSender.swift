import Foundation
import Redaction

/// The reliability loop both clients share: send, retry what is retryable with backoff, and turn
/// everything else into a `LLMClientError` whose text is safe to show.
struct RequestSender: Sendable {
    let provider: ProviderKind
    let config: ProviderConfig
    let transport: any HTTPTransport
    let retry: RetryPolicy

    struct Sent {
        var response: HTTPResponse
        var attempts: Int
    }

    /// Returns the first success. `handOver` lets the caller claim a non-success answer (format
    /// negotiation) before it is retried or mapped to an error.
    func send(
        _ request: HTTPRequest, model: String, handOver: (HTTPResponse) -> Bool = { _ in false }
    ) async throws -> Sent {
        var attempt = 1
        while true {
            try Task.checkCancellation()
            let response: HTTPResponse
            do {
                response = try await transport.send(request, timeout: config.timeout, maxResponseBytes: config.maxResponseBytes)
            } catch let error as TransportError where retry.isRetryable(error) && attempt < config.maxAttempts {
                try await retry.sleep(retry.delay(beforeRetry: attempt, retryAfter: nil))
                attempt += 1
                continue
            } catch {
                throw mapTransportError(error)
            }
            if response.isSuccess || handOver(response) { return Sent(response: response, attempts: attempt) }
            guard RetryPolicy.isRetryable(status: response.status), attempt < config.maxAttempts else {
                throw mapHTTPError(response, model: model)
            }
            let wait = retry.delay(beforeRetry: attempt, retryAfter: response.retryAfter)
            // A long server-requested wait would stall the run; failing now says why.
            guard wait <= retry.maxRetryAfter else { throw mapHTTPError(response, model: model) }
            try await retry.sleep(wait)
            attempt += 1
        }
    }

    private func mapTransportError(_ error: any Error) -> any Error {
        let base = config.baseURL.absoluteString
        switch error {
        case TransportError.timedOut:
            return LLMClientError.timeout(provider: provider, baseURL: base, seconds: config.timeout.seconds)
        case TransportError.connectionFailed(let reason), TransportError.connectionLost(let reason):
            return LLMClientError.connection(provider: provider, baseURL: base, reason: scrub(reason))
        case TransportError.responseTooLarge(let limit):
            return LLMClientError.responseTooLarge(provider: provider, baseURL: base, limit: limit)
        case TransportError.redirectRefused(let location):
            return LLMClientError.redirectRefused(provider: provider, baseURL: base, location: scrub(location))
        case is CancellationError, is LLMClientError:
            return error
        default:
            return LLMClientError.connection(provider: provider, baseURL: base, reason: scrub("\(error)"))
        }
    }

    func mapHTTPError(_ response: HTTPResponse, model: String) -> LLMClientError {
        let error = ProviderErrorBody(response.body)
        let message = scrub(error.message ?? response.bodyText)
        switch response.status {
        case 401, 403:
            return .authentication(provider: provider, status: response.status, message: message)
        case 404:
            return .unknownModel(provider: provider, model: model, baseURL: config.baseURL.absoluteString, message: message)
        case _ where error.saysModelNotFound:
            return .unknownModel(provider: provider, model: model, baseURL: config.baseURL.absoluteString, message: message)
        default:
            return .http(status: response.status, body: message)
        }
    }

    /// Server text goes into errors, which get printed: remove the configured key wherever the
    /// server echoed it, redact anything else secret-looking, make control characters visible (no
    /// escape sequence reaches a terminal), and keep it short.
    func scrub(_ text: String) -> String {
        var out = text
        if let key = config.apiKey, !key.isEmpty { out = out.replacingOccurrences(of: key, with: "[REDACTED:api-key]") }
        out = ControlCharacters.escape(Redactor().redact(out)).trimmingCharacters(in: .whitespacesAndNewlines)
        return out.count > 500 ? String(out.prefix(500)) + "…" : out
    }
}
