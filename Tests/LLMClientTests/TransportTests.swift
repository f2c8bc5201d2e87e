import Foundation
import Testing
import TestSupport

@testable import LLMClient

/// What the URLSession transport guarantees whatever the server does: credentials go nowhere but the
/// base URL (no redirect followed), a body has a size cap, a dropped connection is retried.
@Suite struct TransportTests {
    static let ok = OpenAICompatibleClientTests.textAnswer("fine")

    func request() -> ChatRequest {
        ChatRequest(model: "llama3.1", systemPrompt: "You review deploy diffs.", messages: [.user("Summarise.")], maxTokens: 50)
    }

    func openAI(_ server: TestHTTPServer, sleeps: SleepRecorder = SleepRecorder(), maxResponseBytes: Int = ProviderConfig.defaultMaxResponseBytes) -> OpenAICompatibleClient {
        var config = testConfig(server, path: "v1", key: "sk-test-key-that-must-stay-home-0123456789")
        config.maxResponseBytes = maxResponseBytes
        return OpenAICompatibleClient(config: config, retry: sleeps.policy())
    }

    /// Two real servers on different ports: the first redirects to the second, which records what it gets.
    @Test func aRedirectToAnotherOriginIsNotFollowedWithTheKey() async throws {
        let elsewhere = try TestHTTPServer([Self.ok, Self.ok, Self.ok])
        defer { elsewhere.stop() }
        let target = elsewhere.baseURL.appendingPathComponent("v1/chat/completions").absoluteString
        for status in [301, 302, 307, 308] {
            let server = try TestHTTPServer([.answer(status: status, headers: ["Location": target], body: Data())])
            defer { server.stop() }
            var caught: (any Error)?
            do { _ = try await openAI(server).complete(request()) } catch { caught = error }
            guard case LLMClientError.redirectRefused(.openAICompatible, _, let location)? = caught as? LLMClientError else {
                Issue.record("HTTP \(status): expected a refused redirect, got \(String(describing: caught))")
                continue
            }
            #expect(location == target)
            #expect((caught as? LLMClientError)?.description.contains("redirects are not followed") == true)
            #expect(server.requests.count == 1, "a refused redirect is not retried")
        }
        #expect(elsewhere.requests.isEmpty, "nothing reached the other origin")
        for r in elsewhere.requests {
            #expect(r.headers["authorization"] == nil)
            #expect(r.headers["x-api-key"] == nil)
        }

        let anthropicServer = try TestHTTPServer([.answer(status: 307, headers: ["Location": elsewhere.baseURL.appendingPathComponent("v1/messages").absoluteString], body: Data())])
        defer { anthropicServer.stop() }
        let anthropic = AnthropicClient(config: testConfig(anthropicServer, key: "sk-ant-test-key-that-must-stay-home"), retry: SleepRecorder().policy())
        await #expect(throws: LLMClientError.self) { _ = try await anthropic.complete(request()) }
        #expect(elsewhere.requests.isEmpty)
    }

    /// Within the origin a redirect is refused too: FoundationNetworking would replay the POST
    /// without its body. One request, and the error names where to point the base URL.
    @Test func aRedirectWithinTheOriginIsRefusedWithAdvice() async throws {
        let moved = try TestHTTPServer([.answer(status: 308, headers: ["Location": "/v2/chat/completions"], body: Data()), Self.ok])
        defer { moved.stop() }
        var caught: (any Error)?
        do { _ = try await openAI(moved).complete(request()) } catch { caught = error }
        let message = (caught as? LLMClientError)?.description ?? "\(String(describing: caught))"
        #expect(message.contains("redirected to http://127.0.0.1:\(moved.port)/v2/chat/completions"), "\(message)")
        #expect(message.contains("set OPENAI_BASE_URL to the new address"))
        #expect(moved.requests.count == 1)
    }

    @Test func anEndlessBodyStopsAtTheCap() async throws {
        let chunk = Data(String(repeating: "x", count: 64 * 1024).utf8)
        let server = try TestHTTPServer([.endless(chunk: chunk, maxBytes: 512 << 20)])
        defer { server.stop() }
        var caught: (any Error)?
        do { _ = try await openAI(server, maxResponseBytes: 1 << 20).complete(request()) } catch { caught = error }
        guard case LLMClientError.responseTooLarge(.openAICompatible, _, 1 << 20)? = caught as? LLMClientError else {
            Issue.record("expected responseTooLarge, got \(String(describing: caught))")
            return
        }
        #expect((caught as? LLMClientError)?.description.contains("1 MiB") == true)
        #expect(server.requests.count == 1, "an oversized answer is not retried")
    }

    @Test func anAnnouncedOversizedBodyIsNotRead() async throws {
        let server = try TestHTTPServer([.json(String(repeating: " ", count: 300_000) + "{}")])
        defer { server.stop() }
        await #expect(throws: LLMClientError.responseTooLarge(provider: .openAICompatible, baseURL: server.baseURL.appendingPathComponent("v1").absoluteString, limit: 100_000)) {
            _ = try await openAI(server, maxResponseBytes: 100_000).complete(request())
        }
    }

    /// The server closes the socket on the first request and answers the second.
    @Test func aDroppedConnectionIsRetried() async throws {
        let server = try TestHTTPServer([.drop, Self.ok])
        defer { server.stop() }
        let sleeps = SleepRecorder()
        let response = try await openAI(server, sleeps: sleeps).complete(request())
        #expect(response.text == "fine")
        #expect(response.attempts == 2)
        #expect(server.requests.count == 2)
        #expect(sleeps.sleeps.count == 1, "with the policy's backoff")
    }

    @Test func connectionsDroppedEveryTimeEndWithAConnectionError() async throws {
        let server = try TestHTTPServer([.drop, .drop, .drop])
        defer { server.stop() }
        var caught: (any Error)?
        do { _ = try await openAI(server).complete(request()) } catch { caught = error }
        guard case LLMClientError.connection(.openAICompatible, _, _)? = caught as? LLMClientError else {
            Issue.record("expected a connection error, got \(String(describing: caught))")
            return
        }
        #expect(server.requests.count == 3, "maxAttempts, no more")
    }

    @Test func theRetryPolicyClassifiesTransportFailures() {
        let policy = RetryPolicy()
        #expect(policy.isRetryable(.connectionLost(reason: "reset")))
        #expect(policy.isRetryable(.timedOut))
        #expect(!RetryPolicy(retryTimeouts: false).isRetryable(.timedOut))
        #expect(!policy.isRetryable(.connectionFailed(reason: "connection refused")))
        #expect(!policy.isRetryable(.responseTooLarge(limit: 1)))
        #expect(!policy.isRetryable(.redirectRefused(location: "http://elsewhere")))
    }
}
